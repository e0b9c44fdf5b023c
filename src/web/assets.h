/* assets.h: static files compiled into the binary (build/assets.c). */
#ifndef CONVENE_ASSETS_H
#define CONVENE_ASSETS_H

#include <stddef.h>

struct asset {
	const char		*name;
	const char		*type;
	const unsigned char	*data;
	size_t			 len;
};

/* Terminated by an entry with a NULL name. */
extern const struct asset assets[];

#endif
