/* multipart.c: libFuzzer target for multipart/form-data bodies (logo uploads). */
#include <stddef.h>
#include <stdint.h>

#include "util.h"
#include "form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "logo", "csrf", "name" };
	const char *part;
	size_t i, n;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (http_multipart_get("multipart/form-data; boundary=XyZ",
		    (const char *)data, size, names[i], &part, &n) == 0 &&
		    (part < (const char *)data || part + n > (const char *)data +
		    size))
			__builtin_trap();
	return 0;
}
