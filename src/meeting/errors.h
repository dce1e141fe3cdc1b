/* Error codes of the meeting procedure engine (PROCEDURE.md section 6), each with its fixed
 * Chinese message. MT_OK is 0; every refusal is one of these and changes no state. */
#ifndef MEETING_ERRORS_H
#define MEETING_ERRORS_H

enum mt_err {
    MT_OK = 0,
    E_SCOPE,
    E_NOT_ELIGIBLE,
    E_NO_QUORUM,
    E_CHAIR_NEUTRAL,
    E_NO_PENDING_QUESTION,
    E_EMPTY_MOTION,
    E_NOT_SECONDED,
    E_SELF_SECOND,
    E_ALREADY_SECONDED,
    E_MOTION_PENDING,
    E_OUT_OF_ORDER,
    E_NOT_RECOGNIZED,
    E_FLOOR_TAKEN,
    E_NOT_NEXT,
    E_ALREADY_QUEUED,
    E_STANCE_REQUIRED,
    E_TIME_EXPIRED,
    E_NOT_TRANSFERABLE,
    E_SPEECH_LIMIT,
    E_FIRST_TIMERS_WAITING,
    E_RULING_PENDING,
    E_FLOOR_FORFEITED,
    E_DEBATE_OPEN,
    E_DEBATE_CLOSED,
    E_NOT_DEBATABLE,
    E_ALREADY_VOTED,
    E_VOTING_CLOSED,
    E_ALREADY_DECIDED,
    E_NOT_PREVAILING_SIDE,
    E_RECONSIDER_USED,
    E_AMEND_DEPTH,
    E_NOT_AMENDABLE,
    E_BAD_INPUT,
    MT_ERR_COUNT
};

/* "E_NOT_SECONDED" etc.; "OK" for MT_OK. */
const char *mt_err_name(enum mt_err e);
/* The fixed Chinese message of the spec ("" for MT_OK). */
const char *mt_err_message(enum mt_err e);

#endif
