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

/* A request's transaction waiting for a writer. */
struct job {
	int		(*fn)(struct store_tx *, void *);
	/* Where several jobs batch without savepoints (PostgreSQL): runs
	 * before any job's fn and sends its statements ahead, so that every
	 * job's go in one round trip; 0, and fn finishes the job, or the
	 * job's answer. NULL: fn does it all. */
	int		(*send)(struct store_tx *, void *);
	int		  sent;	/* send returned 0: fn finishes the job */
	int		  answered;	/* send returned its answer */
	void		 *arg;
	int		  rc;
	int		  done;
	pthread_cond_t	  cond;	/* its own: only its thread is woken */
	/* Instead, with no thread waiting: called once it is durable, and
	 * the job (the pool's) freed. */
	void		(*then)(void *, int);
	struct job	 *next;
};

/* A queue of jobs, oldest first. */
struct queue {
	struct job	*head, *tail;
};

/*
 * A writer: a thread and its connection, taking batches off its own queue
 * (the jobs of the keys that fall to it, so that one writer takes a
 * session's seats and two batches never wait for each other's rows) and
 * then off the shared one.
 */
struct writer {
	struct store_pool	*p;
	struct store		*s;
	pthread_t		 thread;
	struct queue		 own;
	pthread_cond_t		 work;
	int			 idle;	/* waiting on work */
};

struct store_pool {
	pthread_mutex_t	  lock;
	pthread_cond_t	  cond;
	struct store	**free;
	size_t		  nfree;
	struct store	**all;
	size_t		  n;

	/* The writers, the shared queue, and how much one batch takes. */
	struct writer	 *wr;
	unsigned	  nwr, running;
	size_t		  batch_max;	/* 0: all of it */
	int		  stopping;
	pthread_mutex_t	  wlock;
	struct queue	  shared;
	void		(*committed)(struct store *, void *);
	void		 *committed_arg;
	int		  in_hook;	/* callers of committed right now */
	pthread_cond_t	  hook_done;
	uint64_t	  batches, jobs, retries, reruns;
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
count(struct store_pool *p, uint64_t batches, uint64_t retries,
    uint64_t reruns)
{
	pthread_mutex_lock(&p->wlock);
	p->batches += batches;
	p->retries += retries;
	p->reruns += reruns;
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
	int refused, rc = store_write_tries(s, j->fn, j->arg,
	    STORE_WRITE_TRIES, &refused);

	/* Every try is a transaction, the last one too unless refused. */
	count(p, (uint64_t)refused +
	    (refused < STORE_WRITE_TRIES), (uint64_t)refused, 0);
	if (rc >= 0)
		call_hook(p, s);
	return rc;
}

/* Commits a batch's transaction and says so to its jobs. */
static void
commit_batch(struct store_pool *p, struct store *s, struct job *batch)
{
	struct job *j;

	if (s->be->commit(s->conn) == -1) {
		/* Committed or not, nobody can tell (a connection lost in
		 * COMMIT): no job is done twice, none is said to be done. */
		for (j = batch; j != NULL; j = j->next)
			if (j->rc >= 0)
				j->rc = STORE_ERROR;
	} else {
		/* Before anyone is answered, so a reader sees what it
		 * wrote. */
		call_hook(p, s);
	}
}

/*
 * A batch without savepoints, where each costs the database a statement
 * and a subtransaction (PostgreSQL). The jobs that can send their first
 * statements ahead do so before any job runs on, so that the batch costs
 * a round trip for all of those, and one for COMMIT, rather than one per
 * job. 0 when it is done (committed, or its
 * commit failed and every job was told); -1 when a job failed having
 * sent something, or a statement failed, or the database refused one for
 * a concurrent transaction: it is rolled back, nothing was committed, and
 * the batch runs again with savepoints.
 */
static int
plain_batch(struct store_pool *p, struct store *s, struct job *batch)
{
	const struct store_backend *be = s->be;
	struct store_tx tx = { s, 0 };
	struct job *j;
	int64_t at, now;

	if (store_begin(s) == -1)
		return -1;
	at = be->sent(s->conn);
	/* What each job can send ahead, then each job to its end. */
	for (j = batch; j != NULL; j = j->next) {
		j->sent = j->answered = 0;
		if (j->send == NULL || be->pend == NULL)
			continue;
		j->rc = j->send(&tx, j->arg);
		j->sent = j->rc == 0;
		j->answered = !j->sent;
		now = be->sent(s->conn);
		if (now < 0 || (j->rc < 0 && now != at))
			goto again;
		at = now;
	}
	for (j = batch; j != NULL; j = j->next) {
		if (j->answered)
			continue;
		tx.sent = j->sent;
		j->rc = j->fn(&tx, j->arg);
		now = be->sent(s->conn);
		/* A job that failed having sent nothing has nothing to undo. */
		if (now < 0 || (j->rc < 0 && (now != at || j->sent)))
			goto again;
		at = now;
	}
	count(p, 1, 0, 0);
	commit_batch(p, s, batch);
	return 0;
again:
	be->rollback(s->conn);
	count(p, 0, 0, 1);
	return -1;
}

/*
 * Runs one batch: every job but the first kept one in its own savepoint,
 * one commit for all. When the transaction breaks before its commit,
 * every job runs again alone, so one job's failure is never another's;
 * when the commit itself fails, none does (it may have committed).
 */
static void
run_batch(struct store_pool *p, struct store *s, struct job *batch)
{
	const struct store_backend *be = s->be;
	void *conn = s->conn;
	struct store_tx tx = { s, 0 };
	struct job *j;
	int ok, retry = 0, kept = 0;

	if (be->sent != NULL && batch->next != NULL &&
	    plain_batch(p, s, batch) == 0)
		return;
	ok = store_begin(s) == 0;
	for (j = batch; ok && j != NULL; j = j->next) {
		/* Until a job is kept, undoing one is rolling back it all. */
		if (kept && be->savepoint(conn) == -1) {
			ok = 0;
			break;
		}
		j->rc = j->fn(&tx, j->arg);
		/* Refused for a concurrent transaction (the database says so,
		 * or the job, which met its write): undone, run after. */
		if (be->retryable != NULL && be->retryable(conn))
			j->rc = STORE_RETRY;
		if (j->rc == STORE_RETRY)
			retry++;
		if (j->rc >= 0)
			ok = !kept || be->release(conn) == 0;
		else if (kept)
			ok = be->undo(conn) == 0;
		else {
			be->rollback(conn);
			ok = store_begin(s) == 0;
		}
		/* ok 0: the transaction is in an unknown state. */
		if (j->rc >= 0)
			kept = 1;
		else	/* an undone job's change is gone with it */
			s->nsignalled = 0;
	}
	count(p, 1, (uint64_t)retry, 0);
	if (!ok) {
		/* Nothing was committed: each job again, alone. */
		be->rollback(conn);
		for (j = batch; j != NULL; j = j->next)
			j->rc = alone(p, s, j);
		return;
	}
	commit_batch(p, s, batch);
	/* Undone in the batch, whatever became of it. */
	for (j = batch; retry && j != NULL; j = j->next)
		if (j->rc == STORE_RETRY)
			j->rc = alone(p, s, j);
}

/* Moves up to max jobs (0: all) from q to the end of *batch; how many. */
static size_t
take(struct queue *q, struct job **batch, struct job **last, size_t max)
{
	size_t n = 0;
	struct job *j;

	while ((j = q->head) != NULL && (max == 0 || n < max)) {
		q->head = j->next;
		j->next = NULL;
		if (*last)
			(*last)->next = j;
		else
			*batch = j;
		*last = j;
		n++;
	}
	if (q->head == NULL)
		q->tail = NULL;
	return n;
}

/* Wakes a writer with nothing to do, for the shared queue; lock held. */
static void
wake_idle(struct store_pool *p)
{
	unsigned i;

	for (i = 0; i < p->nwr; i++)
		if (p->wr[i].idle) {
			pthread_cond_signal(&p->wr[i].work);
			return;
		}
}

static void *
writer(void *arg)
{
	struct writer *w = arg;
	struct store_pool *p = w->p;
	struct job *batch, *last, *j, *later;
	size_t n;

	pthread_mutex_lock(&p->wlock);
	for (;;) {
		while (w->own.head == NULL && p->shared.head == NULL &&
		    !p->stopping) {
			w->idle = 1;
			pthread_cond_wait(&w->work, &p->wlock);
			w->idle = 0;
		}
		if (w->own.head == NULL && p->shared.head == NULL)
			break;
		batch = last = NULL;
		n = take(&w->own, &batch, &last, p->batch_max);
		if (p->batch_max == 0 || n < p->batch_max)
			take(&p->shared, &batch, &last, p->batch_max ?
			    p->batch_max - n : 0);
		if (p->shared.head != NULL)
			wake_idle(p);
		pthread_mutex_unlock(&p->wlock);

		run_batch(p, w->s, batch);

		pthread_mutex_lock(&p->wlock);
		later = NULL;
		while ((j = batch) != NULL) {
			batch = j->next;	/* j is gone once its thread wakes */
			p->jobs++;
			if (j->then != NULL) {
				j->next = later;
				later = j;
				continue;
			}
			j->done = 1;
			pthread_cond_signal(&j->cond);
		}
		/* Told without the lock: they answer a request. */
		if (later != NULL) {
			pthread_mutex_unlock(&p->wlock);
			while ((j = later) != NULL) {
				later = j->next;
				j->then(j->arg, j->rc);
				free(j);
			}
			pthread_mutex_lock(&p->wlock);
		}
	}
	pthread_mutex_unlock(&p->wlock);
	return NULL;
}

/*
 * Opens n reading connections and the writers'; NULL when any fails. One
 * writer where the database has one (SQLite), else one per core and at
 * least two: with two per core, batches were half the size and the
 * database and convene spent about 15% more CPU on each registration
 * (bench/register.sh --pg, alternating rounds).
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
		p->nwr = ncpu > 2 ? (unsigned)ncpu : 2;
		p->batch_max = BATCH_PARALLEL;
	}
	p->wr = xcalloc(p->nwr, sizeof(*p->wr));
	for (i = 0; i < p->nwr; i++)
		pthread_cond_init(&p->wr[i].work, NULL);
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
	for (i = 0; i < p->nwr && p->wr != NULL; i++)
		pthread_cond_signal(&p->wr[i].work);
	pthread_mutex_unlock(&p->wlock);
	for (i = 0; i < p->running; i++)
		pthread_join(p->wr[i].thread, NULL);
	for (i = 0; i < p->nwr && p->wr != NULL; i++) {
		store_close(p->wr[i].s);
		pthread_cond_destroy(&p->wr[i].work);
	}
	for (i = 0; i < p->n; i++)
		store_close(p->all[i]);
	free(p->wr);
	free(p->all);
	free(p->free);
	pthread_cond_destroy(&p->hook_done);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->cond);
	pthread_mutex_destroy(&p->wlock);
	free(p);
}

/* See store.h. */
int
store_pool_write(struct store_pool *p, int (*fn)(struct store_tx *, void *),
    void *arg)
{
	return store_pool_write_key(p, 0, fn, arg);
}

/* Queues j for the writer of key (or any), lock held; -1 when stopping. */
static int
enqueue(struct store_pool *p, int64_t key, struct job *j)
{
	struct queue *q = &p->shared;
	struct writer *w = NULL;

	if (p->stopping)
		return -1;
	if (key > 0 && p->nwr > 1) {
		w = &p->wr[key % p->nwr];
		q = &w->own;
	}
	if (q->tail)
		q->tail->next = j;
	else
		q->head = j;
	q->tail = j;
	if (w != NULL)
		pthread_cond_signal(&w->work);
	else
		wake_idle(p);
	return 0;
}

/* See store.h. */
int
store_pool_write_key(struct store_pool *p, int64_t key,
    int (*fn)(struct store_tx *, void *), void *arg)
{
	struct job j;

	memset(&j, 0, sizeof(j));
	j.fn = fn;
	j.arg = arg;
	pthread_cond_init(&j.cond, NULL);
	pthread_mutex_lock(&p->wlock);
	if (enqueue(p, key, &j) == -1) {
		pthread_mutex_unlock(&p->wlock);
		pthread_cond_destroy(&j.cond);
		return STORE_ERROR;
	}
	while (!j.done)
		pthread_cond_wait(&j.cond, &p->wlock);
	pthread_mutex_unlock(&p->wlock);
	pthread_cond_destroy(&j.cond);
	return j.rc;
}

/* See store.h. */
int
store_pool_write_then(struct store_pool *p, int64_t key,
    int (*send)(struct store_tx *, void *),
    int (*fn)(struct store_tx *, void *), void *arg,
    void (*then)(void *, int))
{
	struct job *j = xcalloc(1, sizeof(*j));
	int rc;

	j->send = send;
	j->fn = fn;
	j->arg = arg;
	j->then = then;
	pthread_mutex_lock(&p->wlock);
	rc = enqueue(p, key, j);
	pthread_mutex_unlock(&p->wlock);
	if (rc == -1) {
		free(j);
		return STORE_ERROR;
	}
	return STORE_OK;
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
store_pool_stats(struct store_pool *p, uint64_t *batches, uint64_t *jobs,
    uint64_t *retries, uint64_t *reruns)
{
	pthread_mutex_lock(&p->wlock);
	*batches = p->batches;
	*jobs = p->jobs;
	*retries = p->retries;
	if (reruns != NULL)
		*reruns = p->reruns;
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

/* See store.h. */
struct store *
store_pool_try_get(struct store_pool *p)
{
	struct store *s = NULL;

	pthread_mutex_lock(&p->lock);
	if (p->nfree > 0)
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
