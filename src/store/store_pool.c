/* store_pool.c: the server's connections, and the one writer that commits them in groups. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "store.h"
#include "store_priv.h"

/* A request's transaction waiting for the writer. */
struct job {
	int		(*fn)(struct store_tx *, void *);
	void		 *arg;
	int		  rc;
	int		  done;
	pthread_cond_t	  cond;	/* its own: only its thread is woken */
	struct job	 *next;
};

struct store_pool {
	pthread_mutex_t	  lock;
	pthread_cond_t	  cond;
	struct store	**free;
	size_t		  nfree;
	struct store	**all;
	size_t		  n;

	/* Without group commit: connections for transactions, one each. */
	struct store	**wfree;
	size_t		  nwfree, nw;
	struct store	**wall;
	pthread_cond_t	  wcond;

	/* The writer: its own connection, a queue, and a thread. */
	struct store	 *w;
	pthread_t	  thread;
	int		  running, stopping;
	pthread_mutex_t	  wlock;
	pthread_cond_t	  work;
	struct job	 *head, *tail;
	void		(*committed)(struct store *, void *);
	void		 *committed_arg;
	int		  in_hook;	/* callers of committed right now */
	pthread_cond_t	  hook_done;
	uint64_t	  batches, jobs;
};

/* Calls the commit hook, if any, so that it cannot be removed meanwhile. */
static void
call_hook(struct store_pool *p, struct store *s)
{
	void (*fn)(struct store *, void *);
	void *arg;

	pthread_mutex_lock(&p->wlock);
	fn = p->committed;
	arg = p->committed_arg;
	if (fn != NULL)
		p->in_hook++;
	pthread_mutex_unlock(&p->wlock);
	if (fn == NULL)
		return;
	fn(s, arg);
	pthread_mutex_lock(&p->wlock);
	if (--p->in_hook == 0)
		pthread_cond_broadcast(&p->hook_done);
	pthread_mutex_unlock(&p->wlock);
}

/* Runs one batch: every job in its own savepoint, one commit for all. */
static void
run_batch(struct store_pool *p, struct job *batch)
{
	const struct store_backend *be = p->w->be;
	void *conn = p->w->conn;
	struct store_tx tx = { p->w };
	struct job *j;
	int ok = be->begin_write(conn) == 0;

	for (j = batch; j != NULL; j = j->next) {
		if (!ok || be->savepoint(conn) == -1) {
			j->rc = STORE_ERROR;
			continue;
		}
		j->rc = j->fn(&tx, j->arg);
		if (j->rc < 0 ? be->undo(conn) == -1 : be->release(conn) == -1) {
			/* The transaction is in an unknown state: none of it. */
			j->rc = STORE_ERROR;
			ok = 0;
		}
	}
	if (!ok)
		be->rollback(conn);
	else if (be->commit(conn) == -1)
		ok = 0;
	if (!ok)
		for (j = batch; j != NULL; j = j->next)
			if (j->rc >= 0)
				j->rc = STORE_ERROR;
	/* Before anyone is answered, so a reader sees what it wrote. */
	if (ok)
		call_hook(p, p->w);
}

static void *
writer(void *arg)
{
	struct store_pool *p = arg;
	struct job *batch, *j;

	pthread_mutex_lock(&p->wlock);
	for (;;) {
		while (p->head == NULL && !p->stopping)
			pthread_cond_wait(&p->work, &p->wlock);
		if (p->head == NULL)
			break;
		batch = p->head;
		p->head = p->tail = NULL;
		pthread_mutex_unlock(&p->wlock);

		run_batch(p, batch);

		pthread_mutex_lock(&p->wlock);
		p->batches++;
		while ((j = batch) != NULL) {
			batch = j->next;	/* j is gone once its thread wakes */
			j->done = 1;
			p->jobs++;
			pthread_cond_signal(&j->cond);
		}
	}
	pthread_mutex_unlock(&p->wlock);
	return NULL;
}

/* Opens n reading connections and the writer's; NULL when any fails. */
struct store_pool *
store_pool_new(const char *path, size_t n)
{
	struct store_pool *p = xcalloc(1, sizeof(*p));
	size_t i;

	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->cond, NULL);
	pthread_mutex_init(&p->wlock, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->wcond, NULL);
	pthread_cond_init(&p->hook_done, NULL);
	p->all = xcalloc(n, sizeof(*p->all));
	p->free = xcalloc(n, sizeof(*p->free));
	for (i = 0; i < n; i++) {
		if ((p->all[i] = store_open(path, 0)) == NULL)
			goto fail;
		p->n++;
		p->free[p->nfree++] = p->all[i];
	}
	if (!p->all[0]->be->group_commit) {
		/* As many writers as readers: a request holds one of each. */
		p->wall = xcalloc(n, sizeof(*p->wall));
		p->wfree = xcalloc(n, sizeof(*p->wfree));
		for (i = 0; i < n; i++) {
			if ((p->wall[i] = store_open(path, 0)) == NULL)
				goto fail;
			p->nw++;
			p->wfree[p->nwfree++] = p->wall[i];
		}
		return p;
	}
	if ((p->w = store_open(path, 0)) == NULL)
		goto fail;
	if (pthread_create(&p->thread, NULL, writer, p) != 0) {
		log_warn("cannot start the database writer");
		goto fail;
	}
	p->running = 1;
	return p;
fail:
	store_pool_free(p);
	return NULL;
}

/* See store.h. */
void
store_pool_on_commit(struct store_pool *p,
    void (*fn)(struct store *, void *), void *arg)
{
	pthread_mutex_lock(&p->wlock);
	p->committed = fn;
	p->committed_arg = arg;
	/* Whoever removes the hook may free what it uses: wait for calls. */
	while (p->in_hook > 0)
		pthread_cond_wait(&p->hook_done, &p->wlock);
	pthread_mutex_unlock(&p->wlock);
}

/* Stops the writer once its queue is empty, and closes every connection;
 * none may be in use. */
void
store_pool_free(struct store_pool *p)
{
	size_t i;

	if (p == NULL)
		return;
	if (p->running) {
		pthread_mutex_lock(&p->wlock);
		p->stopping = 1;
		pthread_cond_signal(&p->work);
		pthread_mutex_unlock(&p->wlock);
		pthread_join(p->thread, NULL);
	}
	store_close(p->w);
	for (i = 0; i < p->n; i++)
		store_close(p->all[i]);
	for (i = 0; i < p->nw; i++)
		store_close(p->wall[i]);
	free(p->all);
	free(p->free);
	free(p->wall);
	free(p->wfree);
	pthread_cond_destroy(&p->wcond);
	pthread_cond_destroy(&p->hook_done);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->cond);
	pthread_mutex_destroy(&p->wlock);
	pthread_cond_destroy(&p->work);
	free(p);
}

/*
 * Without group commit: the transaction on a connection of its own, tried
 * again when the database says a concurrent one got in the way.
 */
static int
write_alone(struct store_pool *p, int (*fn)(struct store_tx *, void *),
    void *arg)
{
	struct store *s;
	int rc, tries;

	pthread_mutex_lock(&p->wlock);
	while (p->nwfree == 0)
		pthread_cond_wait(&p->wcond, &p->wlock);
	s = p->wfree[--p->nwfree];
	pthread_mutex_unlock(&p->wlock);
	for (tries = 0; ; tries++) {
		rc = store_write(s, fn, arg);
		if (rc != STORE_RETRY || tries == 4)
			break;
	}
	if (rc == STORE_RETRY)
		rc = STORE_ERROR;
	if (rc >= 0)
		call_hook(p, s);
	pthread_mutex_lock(&p->wlock);
	p->batches++;
	p->jobs++;
	p->wfree[p->nwfree++] = s;
	pthread_cond_signal(&p->wcond);
	pthread_mutex_unlock(&p->wlock);
	return rc;
}

/* See store.h. */
int
store_pool_write(struct store_pool *p, int (*fn)(struct store_tx *, void *),
    void *arg)
{
	struct job j;

	if (p->w == NULL)
		return write_alone(p, fn, arg);
	memset(&j, 0, sizeof(j));
	j.fn = fn;
	j.arg = arg;
	pthread_cond_init(&j.cond, NULL);
	pthread_mutex_lock(&p->wlock);
	if (p->stopping) {
		pthread_mutex_unlock(&p->wlock);
		pthread_cond_destroy(&j.cond);
		return STORE_ERROR;
	}
	if (p->tail)
		p->tail->next = &j;
	else
		p->head = &j;
	p->tail = &j;
	pthread_cond_signal(&p->work);
	while (!j.done)
		pthread_cond_wait(&j.cond, &p->wlock);
	pthread_mutex_unlock(&p->wlock);
	pthread_cond_destroy(&j.cond);
	return j.rc;
}

/* See store.h. */
int
store_pool_grouped(struct store_pool *p)
{
	return p->w != NULL;
}

/* See store.h. */
void
store_pool_stats(struct store_pool *p, uint64_t *batches, uint64_t *jobs)
{
	pthread_mutex_lock(&p->wlock);
	*batches = p->batches;
	*jobs = p->jobs;
	pthread_mutex_unlock(&p->wlock);
}

/* Takes a connection, waiting for one when all are in use. */
struct store *
store_pool_get(struct store_pool *p)
{
	struct store *s;

	pthread_mutex_lock(&p->lock);
	while (p->nfree == 0)
		pthread_cond_wait(&p->cond, &p->lock);
	s = p->free[--p->nfree];
	pthread_mutex_unlock(&p->lock);
	return s;
}

/* Gives a connection back. */
void
store_pool_put(struct store_pool *p, struct store *s)
{
	pthread_mutex_lock(&p->lock);
	p->free[p->nfree++] = s;
	pthread_cond_signal(&p->cond);
	pthread_mutex_unlock(&p->lock);
}
