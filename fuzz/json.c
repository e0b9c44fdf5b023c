/* json.c: libFuzzer target for a JSON registration body through the field table. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <jansson.h>

#include "util.h"
#include "core.h"
#include "store.h"
#include "reg_form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct store_session s;
	struct store_reg_input in;
	struct reg_form f;
	struct arena *a;
	json_error_t err;
	json_t *j, *v;
	int i;

	j = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &err);
	if (j == NULL || !json_is_object(j)) {
		json_decref(j);
		return 0;
	}
	a = arena_new();
	memset(&s, 0, sizeof(s));
	s.audience = size % 2 ? AUDIENCE_PUBLIC : AUDIENCE_PROFESSIONAL;
	s.sectors = 1u << SECTOR_MEDICAL | 1u << SECTOR_LEGAL;
	memset(&f, 0, sizeof(f));
	for (i = 0; i < REGF__MAX; i++)
		if ((v = json_object_get(j, reg_fields[i].name)) != NULL &&
		    json_is_string(v) &&
		    strlen(json_string_value(v)) == json_string_length(v))
			f.raw[i] = arena_strdup(a, json_string_value(v));
	(void)reg_form_check(a, &s, &f, &in);
	json_decref(j);
	arena_free(a);
	return 0;
}
