/* Names and fixed messages of the error codes, one table (PROCEDURE.md sections 1 and 6). */
#include "meeting/errors.h"

static const struct {
    const char *name, *message;
} errs[MT_ERR_COUNT] = {
    [MT_OK] = {"OK", ""},
    [E_SCOPE] = {"E_SCOPE", "议题层级与议事厅不符"},
    [E_NOT_ELIGIBLE] = {"E_NOT_ELIGIBLE", "非本议事范围成员或无表决权"},
    [E_NO_QUORUM] = {"E_NO_QUORUM", "未达法定人数"},
    [E_CHAIR_NEUTRAL] = {"E_CHAIR_NEUTRAL", "主持人不得参与讨论"},
    [E_NO_PENDING_QUESTION] = {"E_NO_PENDING_QUESTION", "当前无待议动议"},
    [E_EMPTY_MOTION] = {"E_EMPTY_MOTION", "动议内容不明确"},
    [E_NOT_SECONDED] = {"E_NOT_SECONDED", "动议未获附议"},
    [E_SELF_SECOND] = {"E_SELF_SECOND", "不能附议本人动议"},
    [E_ALREADY_SECONDED] = {"E_ALREADY_SECONDED", "已附议"},
    [E_MOTION_PENDING] = {"E_MOTION_PENDING", "已有待决主动议"},
    [E_OUT_OF_ORDER] = {"E_OUT_OF_ORDER", "该动议此时不合程序"},
    [E_NOT_RECOGNIZED] = {"E_NOT_RECOGNIZED", "未获发言许可"},
    [E_FLOOR_TAKEN] = {"E_FLOOR_TAKEN", "他人正在发言"},
    [E_NOT_NEXT] = {"E_NOT_NEXT", "不是下一位发言人"},
    [E_ALREADY_QUEUED] = {"E_ALREADY_QUEUED", "已在发言队列中"},
    [E_STANCE_REQUIRED] = {"E_STANCE_REQUIRED", "请先表明立场"},
    [E_TIME_EXPIRED] = {"E_TIME_EXPIRED", "发言时间已到"},
    [E_NOT_TRANSFERABLE] = {"E_NOT_TRANSFERABLE", "发言时间不可转让"},
    [E_SPEECH_LIMIT] = {"E_SPEECH_LIMIT", "本动议发言次数已满"},
    [E_FIRST_TIMERS_WAITING] = {"E_FIRST_TIMERS_WAITING", "尚有未发言者等待"},
    [E_RULING_PENDING] = {"E_RULING_PENDING", "请先裁定秩序问题"},
    [E_FLOOR_FORFEITED] = {"E_FLOOR_FORFEITED", "已被取消本议题发言权"},
    [E_DEBATE_OPEN] = {"E_DEBATE_OPEN", "仍有人等待发言"},
    [E_DEBATE_CLOSED] = {"E_DEBATE_CLOSED", "辩论已结束"},
    [E_NOT_DEBATABLE] = {"E_NOT_DEBATABLE", "该动议不可辩论"},
    [E_ALREADY_VOTED] = {"E_ALREADY_VOTED", "已投票"},
    [E_VOTING_CLOSED] = {"E_VOTING_CLOSED", "表决未开始或已结束"},
    [E_ALREADY_DECIDED] = {"E_ALREADY_DECIDED", "该事项本次会议已表决"},
    [E_NOT_PREVAILING_SIDE] = {"E_NOT_PREVAILING_SIDE", "仅多数方成员可动议复议"},
    [E_RECONSIDER_USED] = {"E_RECONSIDER_USED", "已复议过"},
    [E_AMEND_DEPTH] = {"E_AMEND_DEPTH", "修改层级超过限制"},
    [E_NOT_AMENDABLE] = {"E_NOT_AMENDABLE", "该动议不可修改"},
    [E_BAD_INPUT] = {"E_BAD_INPUT", "指令格式错误"},
};

const char *mt_err_name(enum mt_err e)
{
    return (unsigned)e < MT_ERR_COUNT ? errs[e].name : "E_BAD_INPUT";
}

const char *mt_err_message(enum mt_err e)
{
    return (unsigned)e < MT_ERR_COUNT ? errs[e].message : errs[E_BAD_INPUT].message;
}
