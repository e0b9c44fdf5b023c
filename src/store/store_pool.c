/* store_pool.c: the server's connections, and the writers that commit transactions in groups. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"
#include "store.h"
#include "store_priv.h"

/*
 * Jobs in one transaction at most where writers commit at once
 * (PostgreSQL): each is a subtransaction, and past 64 in one transaction
 * a backend's snapshot no longer lists them all, which slows every other
 * backend's reads. One writer (SQLite) takes the whole queue.
 */
#define BATCH_PARALLEL 32
/* A job the database refused for a concurrent transaction runs again,
 * alone, this many times. */
#define TRIES 5

/* A request's transaction waiting for a writer. */
struct job {
	int		(*fn)(struct store_tx *, void *);
	void		 *arg;
	int		  rc;
	int		  done;
	pthread_cond_t	  cond;	/* its own: only its thread is woken */
	struct job	 *next;
};

/* A writer: a thread and its connection, taking batches off the queue. */
struct writer {
	struct store_pool	*p;
	struct store		*s;
	pthread_t		 thread;
};

struct store_pool {
	pthread_mutex_t	  lock;
	pthread_cond_t	  cond;
	struct store	**free;
	size_t		  nfree;
	struct store	**all;
	size_t		  n;

	/* The writers, one queue, and how much of it one batch takes. */
	struct writer	 *wr;
	unsigned	  nwr, running;
	size_t		  batch_max;	/* 0: all of it */
	int		  stopping;
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

static void
count(struct store_pool *p, uint64_t batches, uint64_t jobs)
{
	pthread_mutex_lock(&p->wlock);
	p->batches += batches;
	p->jobs += jobs;
	pthread_mutex_unlock(&p->wlock);
}

/*
 * One job in a transaction of its own, again while a concurrent
 * transaction gets in its way: for a job whose batch could not commit,
 * and for one the database refused inside its batch.
 */
static int
alone(struct store_pool *p, struct store *s, struct job *j)
{
	int rc, tries;

	for (tries = 1; ; tries++) {
		rc = store_write(s, j->fn, j->arg);
		if (rc != STORE_RETRY || tries == TRIES)
			break;
	}
	if (rc == STORE_RETRY)
		rc = STORE_ERROR;
	if (rc >= 0)
		call_hook(p, s);
	count(p, 1, 0);
	return rc;
}

/*
 * Runs one batch: every job in its own savepoint, one commit for all.
 * When the transaction cannot commit, every job runs again alone, so one
 * job's failure is never another's.
 */
static void
run_batch(struct store_pool *p, struct store *s, struct job *batch)
{
	const struct store_backend *be = s->be;
	void *conn = s->conn;
	struct store_tx tx = { s };
	struct job *j;
	int ok = be->begin_write(conn) == 0, retry = 0, kept = 0;

	s->nsignalled = s->ntopics = s->touched = 0;
	for (j = batch; ok && j != NULL; j = j->next) {
		/* Until a job is kept, undoing one is rolling back it all. */
		if (kept && be->savepoint(conn) == -1) {
			ok = 0;
			break;
		}
		j->rc = j->fn(&tx, j->arg);
		/* Refused for a concurrent transaction: undone, run after. */
		if (be->retryable != NULL && be->retryable(conn)) {
			j->rc = STORE_RETRY;
			retry = 1;
		}
		if (j->rc >= 0)
			ok = !kept || be->release(conn) == 0;
		else if (kept)
			ok = be->undo(conn) == 0;
		else {
			be->rollback(conn);
			ok = be->begin_write(conn) == 0;
		}
		/* ok 0: the transaction is in an unknown state. */
		if (j->rc >= 0)
			kept = 1;
		else	/* an undone job's change is gone with it */
			s->nsignalled = 0;
	}
	if (!ok)
		be->rollback(conn);
	else if (be->commit(conn) == -1)
		ok = 0;
	count(p, 1, 0);
	/* Before anyone is answered, so a reader sees what it wrote. */
	if (ok)
		call_hook(p, s);
	for (j = batch; j != NULL; j = j->next)
		if (!ok || (retry && j->rc == STORE_RETRY))
			j->rc = alone(p, s, j);
}

static void *
writer(void *arg)
{
	struct writer *w = arg;
	struct store_pool *p = w->p;
	struct job *batch, *j;
	size_t n;

	pthread_mutex_lock(&p->wlock);
	for (;;) {
		while (p->head == NULL && !p->stopping)
			pthread_cond_wait(&p->work, &p->wlock);
		if (p->head == NULL)
			break;
		/* The queue's head, up to batch_max; the rest for others. */
		batch = j = p->head;
		for (n = 1; j->next != NULL && (p->batch_max == 0 ||
		    n < p->batch_max); n++)
			j = j->next;
		p->head = j->next;
		j->next = NULL;
		if (p->head == NULL)
			p->tail = NULL;
		else
			pthread_cond_signal(&p->work);
		pthread_mutex_unlock(&p->wlock);

		run_batch(p, w->s, batch);

		pthread_mutex_lock(&p->wlock);
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

/*
 * Opens n reading connections and the writers'; NULL when any fails. One
 * writer where the database has one (SQLite), else two per core.
 */
struct store_pool *
store_pool_new(const char *path, size_t n)
{
	struct store_pool *p = xcalloc(1, sizeof(*p));
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	size_t i;

	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->cond, NULL);
	pthread_mutex_init(&p->wlock, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->hook_done, NULL);
	p->all = xcalloc(n, sizeof(*p->all));
	p->free = xcalloc(n, sizeof(*p->free));
	for (i = 0; i < n; i++) {
		if ((p->all[i] = store_open(path, 0)) == NULL)
			goto fail;
		p->n++;
		p->free[p->nfree++] = p->all[i];
	}
	if (p->all[0]->be->one_writer) {
		p->nwr = 1;
	} else {
		p->nwr = ncpu > 1 ? (unsigned)ncpu * 2 : 2;
		p->batch_max = BATCH_PARALLEL;
	}
	p->wr = xcalloc(p->nwr, sizeof(*p->wr));
	for (i = 0; i < p->nwr; i++) {
		p->wr[i].p = p;
		if ((p->wr[i].s = store_open(path, 0)) == NULL)
			goto fail;
	}
	for (i = 0; i < p->nwr; i++) {
		if (pthread_create(&p->wr[i].thread, NULL, writer,
		    &p->wr[i]) != 0) {
			log_warn("cannot start the database writers");
			goto fail;
		}
		p->running++;
	}
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

/* Stops the writers once the queue is empty, and closes every connection;
 * none may be in use. */
void
store_pool_free(struct store_pool *p)
{
	size_t i;

	if (p == NULL)
		return;
	pthread_mutex_lock(&p->wlock);
	p->stopping = 1;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->wlock);
	for (i = 0; i < p->running; i++)
		pthread_join(p->wr[i].thread, NULL);
	for (i = 0; i < p->nwr && p->wr != NULL; i++)
		store_close(p->wr[i].s);
	for (i = 0; i < p->n; i++)
		store_close(p->all[i]);
	free(p->wr);
	free(p->all);
	free(p->free);
	pthread_cond_destroy(&p->hook_done);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->cond);
	pthread_mutex_destroy(&p->wlock);
	pthread_cond_destroy(&p->work);
	free(p);
}

/* See store.h. */
int
store_pool_write(struct store_pool *p, int (*fn)(struct store_tx *, void *),
    void *arg)
{
	struct job j;

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
store_pool_one_writer(struct store_pool *p)
{
	return p->nwr == 1 && p->batch_max == 0;
}

/* See store.h. */
unsigned
store_pool_writers(struct store_pool *p)
{
	return p->nwr;
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
