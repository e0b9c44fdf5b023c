/* text.c: libFuzzer target for the checks on outside text: UTF-8, emails,
 * codes, dates, listen addresses, question flags. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "util.h"
#include "tz.h"
#include "core.h"
#include "http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), code[CERT_CODE_LEN + 2];
	struct sockaddr_storage ss;
	unsigned mask;
	int64_t t;
	size_t len;

	memcpy(s, data, size);
	s[size] = '\0';
	if (utf8_valid(s, strlen(s))) {
		(void)utf8_chars(s);
		(void)text_clean(s, 1);
		(void)core_question_flags(s);
		(void)core_question_text_ok(s, utf8_chars(s));
	}
	(void)core_email_valid(s);
	(void)core_code_normalise(s, code);
	(void)tz_parse_iso8601(s, &t);
	(void)http_parse_listen(s, &ss, &len);
	(void)core_sectors_parse(s, &mask);
	(void)core_roles_parse(s, &mask);
	str_trim(s);
	free(s);
	return 0;
}
