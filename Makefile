# convene: one C program. `make` builds ./convene; `make check` runs every test;
# `make demo` serves the demo on http://127.0.0.1:8080.

PKGS     = libmicrohttpd sqlite3 libsodium jansson libqrencode libical libcmark cairo pangocairo \
           libcurl inih libpq libcrypto libjpeg
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

CC      ?= cc
CFLAGS  ?= -O2 -g
WARN     = -std=c17 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes
SRCDIRS  = src/util src/core src/store src/app src/html src/render src/mail src/http src/web src/cli
CPPFLAGS += -D_GNU_SOURCE $(addprefix -I,$(SRCDIRS)) -Ibuild $(PKG_CFLAGS)
LDLIBS  += $(PKG_LIBS) -lstemmer -lpthread -lm
SAN      = -fsanitize=address,undefined -fno-omit-frame-pointer

VERSION  = 0.1.0
LIBSRC   = $(filter-out src/main.c,$(wildcard $(addsuffix /*.c,$(SRCDIRS))))
STATIC   = $(wildcard static/*)

REL_OBJ  = $(LIBSRC:%.c=build/rel/%.o) build/rel/assets.o
SAN_OBJ  = $(LIBSRC:%.c=build/san/%.o) build/san/assets.o
UNIT     = $(patsubst tests/unit/%.c,build/san/test_%,$(wildcard tests/unit/*.c))
HTTPT    = $(patsubst tests/http/%.c,build/san/http_%,$(wildcard tests/http/*.c))
CLIT     = $(patsubst tests/cli/%.c,build/san/cli_%,$(wildcard tests/cli/*.c))

# Translations: po/LANG.po compiled into build/locale, where a program run
# from the tree finds them (src/util/i18n.c); `make pot` refreshes the template.
LINGUAS  = es
MO       = $(LINGUAS:%=build/locale/%/LC_MESSAGES/convene.mo)
LOCALEDIR ?= $(PREFIX)/share/locale
XGETTEXT_KEYS = --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NG_:1,2 \
           --keyword=html_t:2 --keyword=html_tf:2 --keyword=html_attr_t:3 \
           --keyword=html_tm:2 --keyword=CTX:1c,2 \
           --keyword=layout_begin:3 --keyword=layout_begin_screen:3 \
           --keyword=layout_staff_begin:3 --keyword=act_button:6 \
           --keyword=web_error:3 --keyword=sf_fail:3 --keyword=sf_checkboxes:3
CPPFLAGS += -DLOCALEDIR='"$(LOCALEDIR)"'

# `make` alone builds the program, whichever rule comes first below.
.DEFAULT_GOAL := all

# The catalogs' folder is compiled into i18n.o: another PREFIX or LOCALEDIR
# (make install PREFIX=/usr after a plain make) rebuilds it.
build/localedir.stamp: FORCE
	@mkdir -p build
	@echo '$(LOCALEDIR)' | cmp -s - $@ || echo '$(LOCALEDIR)' > $@
build/rel/src/util/i18n.o build/san/src/util/i18n.o: build/localedir.stamp

all: convene

build/locale/%/LC_MESSAGES/convene.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@.tmp $< && mv $@.tmp $@

pot:
	xgettext --from-code=UTF-8 --language=C --add-comments=TRANSLATORS \
	    $(XGETTEXT_KEYS) --package-name=convene --package-version=$(VERSION) \
	    --msgid-bugs-address=convene@example.org -o po/convene.pot \
	    $(sort $(LIBSRC) src/main.c $(wildcard $(addsuffix /*.h,$(SRCDIRS))))
	for l in $(LINGUAS); do msgmerge --quiet --update --backup=none \
	    --no-fuzzy-matching po/$$l.po po/convene.pot; done

convene: build/rel/src/main.o $(REL_OBJ) $(MO)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(filter %.o,$^) $(LDLIBS)

build/assets.c: scripts/embed.sh $(STATIC)
	@mkdir -p build
	sh scripts/embed.sh $(STATIC) > $@.tmp && mv $@.tmp $@

build/rel/%.o: %.c $(wildcard src/*/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) -DCONVENE_VERSION='"$(VERSION)"' -c -o $@ $<

build/rel/assets.o: build/assets.c
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

build/san/%.o: %.c $(wildcard src/*/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(WARN) -O1 -g $(SAN) -DCONVENE_VERSION='"$(VERSION)"' -c -o $@ $<

build/san/assets.o: build/assets.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -O1 -g $(SAN) -c -o $@ $<

build/san/test_%: tests/unit/%.c $(SAN_OBJ)
	$(CC) $(CPPFLAGS) $(WARN) -O1 -g $(SAN) -o $@ $^ $(LDLIBS) -lcmocka

build/san/http_%: tests/http/%.c tests/http/harness.h $(SAN_OBJ)
	$(CC) $(CPPFLAGS) -Itests/http $(WARN) -O1 -g $(SAN) -o $@ \
	    $(filter %.c %.o,$^) $(LDLIBS) -lcmocka

build/san/cli_%: tests/cli/%.c tests/cli/server.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(WARN) -O1 -g $(SAN) -o $@ $< -lcmocka -lcurl \
	    -ljansson -lsodium -lpthread

build/san/convene: build/san/src/main.o $(SAN_OBJ)
	$(CC) -O1 -g $(SAN) -o $@ $^ $(LDLIBS)

# libFuzzer targets for the parsers of outside input (clang): make fuzz runs
# each for FUZZ_SECONDS, with AddressSanitizer and UBSan.
FUZZ         = $(patsubst fuzz/%.c,build/fuzz/%,$(wildcard fuzz/*.c))
FUZZ_SECONDS = 30
FUZZ_OBJ     = $(LIBSRC:%.c=build/fuzzobj/%.o) build/fuzzobj/assets.o
FUZZ_FLAGS   = -g -O1 -fsanitize=fuzzer-no-link,address,undefined

build/fuzzobj/%.o: %.c $(wildcard src/*/*.h)
	@mkdir -p $(dir $@)
	clang $(CPPFLAGS) -std=c17 $(FUZZ_FLAGS) -DCONVENE_VERSION='"$(VERSION)"' -c -o $@ $<

build/fuzzobj/assets.o: build/assets.c
	@mkdir -p $(dir $@)
	clang $(CPPFLAGS) $(FUZZ_FLAGS) -c -o $@ $<

build/fuzz/%: fuzz/%.c $(FUZZ_OBJ)
	@mkdir -p $(dir $@)
	clang $(CPPFLAGS) -std=c17 -g -O1 -fsanitize=fuzzer,address,undefined \
	    -o $@ $^ $(LDLIBS)

fuzz: $(FUZZ)
	@for f in $(FUZZ); do echo "fuzzing $$f for $(FUZZ_SECONDS)s"; \
	    mkdir -p build/corpus/$$(basename $$f); \
	    $$f -max_total_time=$(FUZZ_SECONDS) -max_len=4096 \
	        build/corpus/$$(basename $$f) || exit 1; done

deps:
	scripts/install-deps

tests: $(UNIT) $(HTTPT) $(CLIT) build/san/convene convene $(MO)

check: deps
	$(MAKE) tests
	scripts/run-tests $(UNIT) $(HTTPT) $(CLIT)

demo: deps
	$(MAKE) convene
	./convene demo --db ./demo.db --listen 127.0.0.1:8080

# make install [PREFIX=/usr/local] [DESTDIR=]: the binary (pages, styles
# and scripts are inside it), the man page, the systemd units and, unless
# one is there, the configuration file. debian/rules uses it.
PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
MANDIR     ?= $(PREFIX)/share/man
DOCDIR     ?= $(PREFIX)/share/doc/convene
SYSCONFDIR ?= $(if $(filter /usr,$(PREFIX)),/etc,$(PREFIX)/etc)
UNITDIR    ?= $(PREFIX)/lib/systemd/system
UNIT_SED    = -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g'

install: convene
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSCONFDIR)/convene \
	    $(DESTDIR)$(DOCDIR)
	install -m 755 convene $(DESTDIR)$(BINDIR)/convene
	install -m 644 man/convene.1 $(DESTDIR)$(MANDIR)/man1/convene.1
	for l in $(LINGUAS); do install -D -m 644 \
	    build/locale/$$l/LC_MESSAGES/convene.mo \
	    $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/convene.mo; done
	sed $(UNIT_SED) systemd/convene.service.in \
	    > $(DESTDIR)$(UNITDIR)/convene.service
	sed $(UNIT_SED) systemd/convene-backup.service.in \
	    > $(DESTDIR)$(UNITDIR)/convene-backup.service
	install -m 644 systemd/convene-backup.timer $(DESTDIR)$(UNITDIR)/
	chmod 644 $(DESTDIR)$(UNITDIR)/convene.service \
	    $(DESTDIR)$(UNITDIR)/convene-backup.service
	# An existing configuration is the operator's: never replaced.
	test -e $(DESTDIR)$(SYSCONFDIR)/convene/convene.ini || \
	    install -m 640 systemd/convene.ini \
	        $(DESTDIR)$(SYSCONFDIR)/convene/convene.ini
	install -m 644 README.md doc/api.md doc/deploy.md $(DESTDIR)$(DOCDIR)/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/convene $(DESTDIR)$(MANDIR)/man1/convene.1 \
	    $(LINGUAS:%=$(DESTDIR)$(LOCALEDIR)/%/LC_MESSAGES/convene.mo) \
	    $(DESTDIR)$(UNITDIR)/convene.service \
	    $(DESTDIR)$(UNITDIR)/convene-backup.service \
	    $(DESTDIR)$(UNITDIR)/convene-backup.timer
	rm -rf $(DESTDIR)$(DOCDIR)

clean:
	rm -rf build convene

.PHONY: all deps tests check demo clean fuzz install uninstall pot FORCE
.SECONDARY:
