/* SPDX-License-Identifier: Apache-2.0 */
/* app.h: what the screens show and do: profiles, contexts, invitations, actions, and applying the worker's results. No curses here. */
#ifndef SHTUI_APP_H
#define SHTUI_APP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "aws_creds.h"
#include "buf.h"
#include "endpoint.h"
#include "failure.h"
#include "options.h"
#include "shub.h"
#include "worker.h"

/* A Security Hub invitation, or the current administrator. Heap strings
 * as the service sent them (untrusted: make them visible before drawing). */
struct invitation {
	char *account_id;      /* the administrator (master) account */
	char *invitation_id;
	char *invited_at;      /* ISO 8601 */
	char *member_status;
};

void invitation_done(struct invitation *inv);

/* What a profile resolves to, shared by its regions. */
struct profile {
	char *name;
	struct aws_creds_source *source;
	char *region;              /* the profile's own region, NULL if none */
	char *endpoint_securityhub; /* configured override, NULL if none */
	char *endpoint_sts;
	bool use_fips, use_dualstack;
	char *ca_bundle;           /* its own, NULL: the system's */
	int max_attempts;          /* its own (AWS_MAX_ATTEMPTS, max_attempts) */
	/* Who the credentials act as (STS), asked once. */
	enum { ID_UNKNOWN, ID_LOADING, ID_KNOWN, ID_FAILED } id_state;
	char *account;
	char *arn;
	char *id_error;
	struct failure id_failure; /* the whole of the last failed identity ask */
	/* A way to reach an account without a profile (app_reach.c): the
	 * role assumed into it (then `name` is its ARN), and the account's
	 * name where known. */
	char *role_arn;
	char *account_name;
	bool declared;             /* its account is named, not yet shown to answer */
	char *sso_role;            /* reached through the SSO session of profile `via` */
	char *via;
	char *unusable;            /* why this way cannot act (no role chosen) */
	bool refused;              /* the service refused its keys where a region cannot be why */
};

#define HUB_STATES(X)                                   \
	X(HUB_UNKNOWN, "loading")                       \
	X(HUB_ENABLED, "enabled")                       \
	X(HUB_NOT_ENABLED, "not enabled")               \
	X(HUB_NOT_OPTED_IN, "region not opted in")      \
	X(HUB_DENIED, "access denied")                  \
	X(HUB_ERROR, "error")

enum hub_state {
#define HUB_STATE_ENUM(id, text) id,
	HUB_STATES(HUB_STATE_ENUM)
#undef HUB_STATE_ENUM
};

const char *hub_state_text(enum hub_state s);

/* A part of the page that is read from the service. */
enum load_state { LOAD_NONE, LOAD_LOADING, LOAD_DONE, LOAD_FAILED };

/* One (profile, region): what the Settings -> Accounts page shows. */
struct context {
	struct profile *profile;
	size_t index;              /* its place in app->contexts */
	/* Where it is and how it is reached: strings the app keeps once for
	 * all its contexts (app->strings), as long as the app. */
	const char *region;
	const char *shub_url;      /* resolved endpoint */
	const char *shub_region;   /* Security Hub signing region */
	const char *sts_url;
	const char *sts_region;    /* STS signing region */

	enum hub_state hub;
	char *hub_error;           /* why, when not enabled/denied/error */
	enum load_state admin_state;
	struct invitation admin;   /* account_id NULL when there is none */
	char *admin_error;
	enum load_state invs_state;
	struct invitation *invs;
	size_t n_invs;
	char *invs_error;

	int reads_in_flight;
	int change_in_flight;      /* the state-changing op, -1 when none */
	uint64_t change_seq;
	int change_act;            /* enum app_action of the change in flight */
	char *change_id;           /* its intent in the journal */
	struct job *bulk_job;      /* a bulk call journaled ahead, not yet sent */
	char *change_target;       /* the administrator account it names */
	char *last_result;         /* the last action's outcome, for the user */
	bool last_ok;
	struct failure failure;    /* the whole of the last failed call here */

	bool fleet_read;           /* read the fleet's way (no DescribeHub) */
	bool in_bulk;              /* its bulk call is in flight */
	bool reread;               /* to read again when the bulk action ends */
	char *also;                /* the other ways that reach it, ", " between */
	/* The other ways to the same account and region (app_reach.c), folded
	 * in: those standing by first, in the order they take over, then
	 * those set aside. Each is a context of a->merged holding the way. */
	struct context **ways;
	size_t n_ways;
	char *way_error;           /* its way's own failure (refused), not yet acted on */
	char *set_aside;           /* a way folded in: why it was set aside; NULL: it stands by */
	bool read_waiting;         /* its fleet reading or read call waits for room (app_pace.c) */

	/* A one-shot command's reply in this context (app_call). */
	bool call_done;
	bool call_waiting;         /* what waits for room is its read call, not a fleet reading */
	int call_op;               /* the operation that answered (a fallback's), -1: STS */
	/* A read call's parameters (the caller's, borrowed; NULL for a change
	 * or STS): sent when there is room, and asked again through the next
	 * way when its way is refused. */
	const struct shub_params *call_params;
	char *call_id;             /* a state-changing call's intent in the journal */
	cJSON *call_result;
	struct job_error call_err;
	char *call_note;
	long call_skew;            /* the clock correction its call needed, in seconds */
	int call_again_op;         /* the operation asked (call_op may be a fallback's) */
};

/* The one state-changing actions the screens offer. */
enum app_action {
	APP_ACCEPT,
	APP_DECLINE,
	APP_DELETE,
	APP_DISASSOCIATE,
	APP_ENABLE,
};

/*
 * Asks for the code of MFA device `serial`, needed for `profile`, on the
 * front end's own terms (the one-shot commands read the terminal):
 * appends the code to `code`, or returns an error with the reason in
 * `err`. May block; UI thread.
 */
typedef enum shtui_status (*app_mfa_prompt_fn)(const char *profile, const char *serial,
					       struct buf *code, struct buf *err);
struct app;
/* Hands a job on and returns its sequence number: app_new() sets the
 * worker's worker_submit(); a test may stand in for the worker and
 * answer the jobs through app_apply(). UI thread. */
typedef uint64_t (*app_submit_fn)(struct app *a, struct job *job);

struct app {
	struct cli_options opts;
	struct worker *worker;
	char *ca_bundle;           /* the worker's CA bundle: it keeps the pointer */
	app_submit_fn submit;
	/* The config and credentials files as read once for every profile of
	 * the run (app_config_load); NULL until then. */
	struct aws_config_files *files;
	struct profile **profiles;
	size_t n_profiles;
	struct context **contexts;
	size_t n_contexts, contexts_cap;
	/* The regions and endpoints the contexts name, each kept once
	 * (sorted, heap): a fleet's contexts share a few of them. */
	char **strings;
	size_t n_strings, strings_cap;
	struct context **merged;   /* folded into another way's context (app_reach.c) */
	size_t n_merged;
	char *status;              /* the last result or error, in full */
	bool status_error;
	bool dirty;                /* something changed: redraw */
	uint64_t changes;          /* counts calls sent and answers applied */
	/* Fleet readings waiting for room, oldest first (app_pace.c). */
	struct context **pace;
	size_t n_pace, pace_next, pace_cap;
	int reads_out;             /* page and fleet read calls not yet applied */
	/* A bulk action (fleet): contexts still to send, in order. */
	struct context **bulk;
	size_t n_bulk, bulk_next;
	size_t bulk_low;           /* the first sent that may still be in flight */
	int bulk_act;              /* enum app_action */
	char *bulk_admin;          /* the administrator it is for */
	size_t bulk_sent, bulk_ok, bulk_failed;
	bool bulk_stopped;
	char *bulk_why;            /* why the rest was not sent (the journal), or NULL */
	bool no_credentials;       /* the chain found nothing: say so once */
	/* Credential fetches waiting for an MFA code, oldest first. */
	struct job **asks;
	size_t n_asks;
	app_mfa_prompt_fn mfa_prompt;   /* NULL: the screen asks (app_mfa_question) */
	char *instance_region;     /* from instance metadata, asked once (NULL: none) */
	bool instance_asked;
	bool no_profile_matched;   /* --profiles matched nothing: a usage error */
	bool out_of_memory;        /* an allocation failed somewhere: say so */
	long clock_skew;           /* a clock correction any call of the run needed (0: none) */
	char *warnings;            /* the config files' warnings not yet shown, one a line */
	/* The journal: opened at the first change; the front end names itself
	 * in each intent (NULL: the screen, "page" or "fleet"). */
	struct journal *journal;
	const char *frontend;
	size_t bulk_journaled;     /* bulk contexts whose intents are written */
	struct app_pending *group; /* calls journaled, sent at app_group_end() */
	size_t n_group;
	int group_depth;
	/* The SSO session's accounts (--sso-accounts, app_sso.c), NULL when
	 * not listed; with sso_async (the screen) each account is added as
	 * its roles come back, else app_expand() waits for the whole list. */
	struct app_sso *sso;
	bool sso_async;
};

/*
 * Starts the worker and resolves the configuration (files only, no
 * network). UI thread. NULL with `err` set when the worker cannot start.
 */
struct app *app_new(const struct cli_options *opts, struct buf *err);
/* Stops at once: calls in flight are dropped, not waited for. */
void app_free(struct app *a);

/*
 * The context for (profile, region): found or made. `profile` NULL means
 * the resolved default (--profile, AWS_PROFILE, "default"); `region` NULL
 * means the profile's. NULL with `err` set when the profile does not
 * resolve or there is no region (a->out_of_memory set when that is why).
 * The config files' warnings are added to a->warnings. UI thread.
 */
struct context *app_context(struct app *a, const char *profile, const char *region,
			    struct buf *err);

/*
 * aws_config_load() over the run's one reading of the files, so that its
 * profiles share one parsed copy of them; the files are read again only
 * when one of them changed on disk (or its path did). UI thread.
 */
enum shtui_status app_config_load(struct app *a, struct aws_config *cfg,
				  const struct aws_config_overrides *ov, struct buf *err);

/*
 * Makes the contexts the options name: every profile matching --profiles
 * (globs, comma-separated; else the one profile) times every region of
 * --regions ("all": the Security Hub regions of the profile's partition;
 * else --region or the profile's). Profiles that do not resolve are
 * errors in `err` (one line each) but do not stop the others. Returns how
 * many contexts there are; when --profiles matches no profile, sets
 * no_profile_matched and says which profiles the files name. UI thread.
 */
size_t app_expand(struct app *a, struct buf *err);

/* True when the options name more than one context (--profiles, --regions,
 * --accounts). */
bool app_is_fleet(const struct cli_options *o);

/* Asks STS once which account a profile acts as. */
void app_identify(struct app *a, struct profile *p);

/* The fleet's reading of a context: the administrator and the pending
 * invitations (two calls; the hub's state follows from their answers). */
void app_refresh_fleet(struct app *a, struct context *c);

/* Whether an invitation is pending: its MemberStatus is Invited (any
 * case). ListInvitations also lists the accepted one (Enabled or
 * Associated): that is the administrator, never a pending invitation.
 * Every count and selection of pending invitations asks this. */
bool app_invitation_pending(const struct invitation *inv);
/* How many invitations are pending in a context. */
size_t app_pending_count(const struct context *c);
/* Whether `c` is one of the app's contexts now (a merged one is not).
 * Each knows its place, so this costs nothing however many there are;
 * `c` may be any context the app made, as they live as long as it. */
bool app_has_context(const struct app *a, const struct context *c);

/* The pending invitation from `admin` in a context, or NULL. */
const struct invitation *app_invitation_from(const struct context *c, const char *admin);
/* Whether a bulk accept from `admin` applies to the context: its
 * invitation is pending and no other administrator is enabled. */
bool app_bulk_applies(const struct context *c, enum app_action act, const char *admin);
/* The same, with the reason it does not apply appended to `why` (NULL ok):
 * the rule the fleet's confirmation and the command line's plan share. */
bool app_bulk_applies_why(const struct context *c, enum app_action act, const char *admin,
			  struct buf *why);

/*
 * Starts a bulk accept or decline of `admin`'s invitations in the given
 * contexts: at most --max-concurrency are sent at a time; the rest wait in
 * the app, so app_bulk_stop() can keep them from being sent while those in
 * flight finish. Each context is re-read after its call. UI thread.
 */
void app_bulk_start(struct app *a, enum app_action act, const char *admin,
		    struct context *const *ctxs, size_t n);
void app_bulk_stop(struct app *a);
bool app_bulk_running(const struct app *a);

/*
 * Sends one call in a context for a one-shot command; the reply lands in
 * c->call_result or c->call_err (c->call_done set). A call that only reads
 * is asked again through the next way when its way is refused, so `p`
 * must stay valid until every reply is applied. A state-changing call
 * is journaled first: inside app_group_begin()/app_group_end() it waits
 * for the group's one sync, else it is synced alone. When its intent
 * cannot be made durable nothing is sent and c->call_err says why. A read
 * call waits in the app while too many read calls are out, as the fleet's
 * readings do (app_pace.c), so `p` must live until app_wait_all() has
 * returned. UI thread.
 */
bool app_call(struct app *a, struct context *c, enum shub_op op, const struct shub_params *p);

/* Group commit: the state-changing calls made between these are sent
 * after one sync of their intents, at the end. False (nothing of the
 * group sent, each context's error set) when the sync fails. UI thread. */
void app_group_begin(struct app *a);
bool app_group_end(struct app *a);
/* The same for STS GetCallerIdentity (a read call). */
bool app_call_identity(struct app *a, struct context *c);

/* The warnings of the config files read since the last call, one a line
 * (heap string, NULL when none). UI thread. */
char *app_take_warnings(struct app *a);

/* Whether a job failed because memory ran out: the chain and the drivers
 * report it as a configuration error, but it is no want of credentials.
 * Any thread. */
bool app_error_is_oom(const struct job_error *e);

/* Applies results until `done` holds after those that came are applied
 * (or the wake fd fails). Front ends without a loop of their own. */
void app_wait(struct app *a, bool (*done)(struct app *a));
/* Applies results until nothing is in flight (for one-shot commands). */
void app_wait_all(struct app *a);

/* Reads the page's data: DescribeHub, GetAdministratorAccount,
 * ListInvitations and (once per profile) GetCallerIdentity, all at once. */
void app_refresh(struct app *a, struct context *c);

/*
 * Sends a state-changing call after the screen has confirmed it. Refuses
 * (returns false, with the reason in `why`) when one is already in flight
 * for the context, when --read-only, or when the service's state forbids
 * it (accepting while an administrator is enabled). `inv` names the
 * invitation for accept/decline/delete. Its intent is made durable in
 * the journal before it is sent; when it cannot be, nothing is sent
 * (false, `why` says so). UI thread.
 */
bool app_act(struct app *a, struct context *c, enum app_action act,
	     const struct invitation *inv, struct buf *why);

/*
 * Between app.c, app_group.c and app_bulk.c only (UI thread): a change is
 * checked and built (app_change_job), its intent written and the context
 * marked busy with it (app_change_ahead), then sent (app_change_send) or
 * given up with a "not sent" outcome (app_change_drop). The journal side:
 * app_group_journal opens it at the first change; app_group_intent writes
 * an intent (heap ID, not yet synced); app_group_commit makes every intent
 * written so far durable (one sync); app_group_not_sent records a call
 * given up; app_group_add queues a one-shot call for the group's sync;
 * app_send_call submits a one-shot call; app_bulk_pump sends the next
 * bulk calls. Each failing one sets `why` for the user.
 */
struct job *app_change_job(struct app *a, struct context *c, enum app_action act,
			   const struct invitation *inv, struct buf *why);
bool app_change_ahead(struct app *a, struct context *c, enum app_action act,
		      const struct invitation *inv, const struct job *j, struct buf *why);
void app_change_drop(struct app *a, struct context *c, const char *why);
void app_change_send(struct app *a, struct context *c, struct job *j);
struct journal *app_group_journal(struct app *a, struct buf *why);
char *app_group_intent(struct app *a, struct context *c, const struct job *j, const char *target,
		       struct buf *why);
bool app_group_commit(struct app *a, struct buf *why);
void app_group_not_sent(struct app *a, const char *id, const char *why);
bool app_group_add(struct app *a, struct context *c, struct job *j, const char *target);
bool app_send_call(struct app *a, struct context *c, struct job *j);
void app_bulk_pump(struct app *a);
/* app_reach.c, for app.c (the rest of it is in app_reach.h). */
/*
 * Makes a way to reach each account of --accounts (a role assumed with
 * the base profile's keys, its account and name known up front) and its
 * contexts in the regions the options name. Failures are lines in `err`.
 * UI thread.
 */
void app_reach_expand(struct app *a, struct buf *err);

/*
 * Now that `p`'s account is known: its contexts that another way already
 * reaches in the same region become one. The way that has shown it works
 * stays (a profile whose identity answered before a role merely named);
 * the other leaves a->contexts and is named in the one that stays. A
 * context with a change under way is left alone. UI thread.
 */
void app_reach_merge(struct app *a, struct profile *p);

/*
 * Whether a failed job's error belongs to the way it went by, not to the
 * account or region: its credentials could not be had (AssumeRole denied,
 * credential_process failing, no SSO role), or the service refused them
 * (a key it does not recognise outside an opt-in region, an expired token,
 * a signature that does not match, AccessDenied but for an SCP). A region
 * not opted in, Security Hub not enabled, an SCP, throttling and the like
 * are the account's or region's: every way would meet them. The first
 * time `p`'s key is known bad (not recognised outside an opt-in region),
 * its contexts left failing in opt-in regions for the same reason fail
 * over too. UI thread.
 */
bool app_reach_refused(struct app *a, struct profile *p, const struct job *j);

/*
 * The way of `c` was refused (c->way_error says why): the next way that
 * stands by for the same account and region acts from now on, the refused
 * one is set aside with the reason, and the row is read again through the
 * new way (a one-shot read asked again). False, nothing changed, when no
 * way stands by or a change is under way there: a change is never sent
 * again through another way. UI thread.
 */
bool app_reach_failover(struct app *a, struct context *c);

/* Whether `c` is a context folded into another (one of a->merged). */
bool app_reach_folded(const struct app *a, const struct context *c);

/* Our diagnosis when a role could not be assumed: the role ARN and both
 * causes, appended to `hint`. False when `e` is no such failure. */
bool app_reach_hint(const struct profile *p, const struct job_error *e, struct buf *hint);

/*
 * Between app_reach.c and app_sso.c (UI thread): a way to reach `acct`
 * named `name` (taken), with the endpoints and settings of the base
 * profile, its source the caller's to set (NULL when out of memory);
 * adding a way (taken) and its contexts, failures as lines in `err`
 * (false when out of memory); whether `s` is an account ID (12 digits).
 */
struct app_reach_account;
struct profile *app_reach_way_new(const struct profile *base, const struct app_reach_account *acct,
				  char *name);
bool app_reach_add_way(struct app *a, struct profile *p, struct buf *err);
bool app_reach_is_account_id(const char *s);

/*
 * The accounts of the SSO session of profile `base` (--sso-accounts):
 * ListAccounts a page at a time, each account's ListAccountRoles as soon
 * as its page is in, and each account made a way (with the named role,
 * or its only one; else an error context saying why) with its contexts.
 * Without a->sso_async it waits until the listing is over and adds the
 * ways in the portal's order (none when the listing failed); errors are
 * lines in `err`. With it, it returns at once: ways are added, and their
 * contexts read, as the answers come (app_sso_apply), and what goes
 * wrong is said on the status line. Once per app. UI thread.
 */
void app_sso_start(struct app *a, struct profile *base, struct buf *err);
/* A job of the listing (job->user == a->sso) is back. Takes it. */
void app_sso_apply(struct app *a, struct job *j);
/* Whether calls of the listing are in flight. */
bool app_sso_listing(const struct app *a);
/* While it is: what it is doing, for the user ("Listing the accounts of
 * SSO session corp… 300 so far"), appended to `out`; else false. */
bool app_sso_progress(const struct app *a, struct buf *out);
/* The failed page that stopped the listing, or NULL. */
const struct failure *app_sso_failure(const struct app *a);
/* Asks again what the listing could not get: the rest of the accounts
 * from the page that failed, and the roles of each account whose roles
 * could not be listed (its way then takes the role found). True when it
 * asked anything. */
bool app_sso_relist(struct app *a);
void app_sso_free(struct app *a);

/* Between app.c and app_reach.c: a profile found or resolved from the
 * files (NULL: the default), freed, and made a context per region. */
struct profile *app_profile_get(struct app *a, const char *name, struct buf *err);
void app_profile_free(struct profile *p);
void app_expand_regions(struct app *a, struct profile *p, struct buf *err);

/* Applies a finished job from the worker. Takes ownership. UI thread. */
void app_apply(struct app *a, struct job *job);

/* The MFA question the screen should show: true with the profile and
 * the device (borrowed until the answer) when a credential fetch waits
 * for a code. UI thread. */
bool app_mfa_question(const struct app *a, const char **profile, const char **serial);
/* Answers the oldest question: `code`, or NULL when the user declined
 * (the calls that needed it fail with that). UI thread. */
void app_mfa_answer(struct app *a, const char *code);

/* For the app's own files: the worker's submit (app->submit's default);
 * a credential fetch's question answered or queued (app_creds.c); the
 * instance's region from instance metadata, asked once and waited for
 * (heap string, NULL when there is none). UI thread. */
uint64_t app_submit_to_worker(struct app *a, struct job *j);
/* Submits `jobs` (NULLs skipped) and applies other results until each is
 * answered: then jobs[i] holds it again (NULL when it never came). For
 * what the app must know before it goes on (app_reach.c). UI thread. */
void app_run_jobs(struct app *a, struct job **jobs, size_t n);
void app_apply_ask(struct app *a, struct job *j);
char *app_instance_region(struct app *a, const struct aws_config *cfg);

/*
 * Between app.c and app_pace.c (UI thread): app_pace_wait queues a
 * context's fleet reading (or, with c->call_waiting, its one-shot read
 * call) when too many read calls are out (true: it waits); app_pace_next
 * gives the next context to read when there is room, or NULL;
 * app_pace_waiting counts them.
 */
bool app_pace_wait(struct app *a, struct context *c);
struct context *app_pace_next(struct app *a);
size_t app_pace_waiting(const struct app *a);

/* Calls in flight, in every context (and fleet readings waiting for room,
 * two calls each). */
int app_in_flight(const struct app *a);

/* The profile names in the config files, sorted (heap list; free with
 * aws_config_profile_list_done). */
enum shtui_status app_list_profiles(struct app *a, struct aws_config_profile_list *out,
				    struct buf *err);

/* The Security Hub regions of the context's partition (NULL-terminated,
 * static). */
const char *const *app_regions(const struct context *c);

/* Sets the status line (printf-style). */
void app_status(struct app *a, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The same with a va_list. */
void app_vstatus(struct app *a, bool error, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

/* The action's name as the console says it ("Accept invitation"). */
const char *app_action_name(enum app_action act);

#endif
