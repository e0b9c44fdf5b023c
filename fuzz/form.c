/* form.c: libFuzzer target for urlencoded form bodies. */
#include <stddef.h>
#include <stdint.h>

#include "util.h"
#include "form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct http_form f;
	size_t i;

	if (http_form_parse(a, (const char *)data, size, &f) == 0)
		for (i = 0; i < f.n; i++)
			(void)http_form_get(&f, f.key[i]);
	arena_free(a);
	return 0;
}
