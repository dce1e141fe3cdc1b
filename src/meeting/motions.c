/* The motion table (PROCEDURE.md section 3), RONR defaults. */
#include <string.h>

#include "meeting/motions.h"

#define Y true
#define N false
static const struct mt_kind_row rows[MK_COUNT] = {
    /* name, zh, class, rank, 2nd, debate, amend, threshold, interrupts, movable, reconsider */
    [MK_MAIN] = {"MAIN", "主动议", MC_MAIN, 1, Y, MD_YES, Y, MT_MAJORITY, N, Y, Y},
    [MK_AMEND] = {"AMEND", "修改", MC_SUBSIDIARY, 3, Y, MD_AS_TARGET, Y, MT_MAJORITY, N, Y, Y},
    [MK_POSTPONE_INDEF] = {"POSTPONE_INDEF", "搁置", MC_SUBSIDIARY, 2, Y, MD_YES, N, MT_MAJORITY, N,
                           Y, Y},
    [MK_REFER] = {"REFER", "委托", MC_SUBSIDIARY, 4, Y, MD_YES, Y, MT_MAJORITY, N, Y, Y},
    [MK_POSTPONE_DEF] = {"POSTPONE_DEF", "推迟至指定时间", MC_SUBSIDIARY, 5, Y, MD_YES, Y,
                         MT_MAJORITY, N, Y, Y},
    [MK_LIMIT_EXTEND] = {"LIMIT_EXTEND", "限制或延长辩论", MC_SUBSIDIARY, 6, Y, MD_NO, Y,
                         MT_TWO_THIRDS, N, Y, N},
    [MK_PREVIOUS_QUESTION] = {"PREVIOUS_QUESTION", "结束辩论", MC_SUBSIDIARY, 7, Y, MD_NO, N,
                              MT_TWO_THIRDS, N, Y, N},
    [MK_LAY_ON_TABLE] = {"LAY_ON_TABLE", "暂停审议", MC_SUBSIDIARY, 8, Y, MD_NO, N, MT_MAJORITY, N,
                         Y, N},
    [MK_QUESTION_OF_PRIVILEGE] = {"QUESTION_OF_PRIVILEGE", "权益问题", MC_PRIVILEGED, 10, N, MD_NO,
                                  N, MT_CHAIR, Y, N, N},
    [MK_ORDERS_OF_THE_DAY] = {"ORDERS_OF_THE_DAY", "要求按议程进行", MC_PRIVILEGED, 9, N, MD_NO, N,
                              MT_CHAIR, Y, N, N},
    [MK_RECESS] = {"RECESS", "休息", MC_PRIVILEGED, 11, Y, MD_NO, Y, MT_MAJORITY, N, Y, N},
    [MK_ADJOURN] = {"ADJOURN", "休会", MC_PRIVILEGED, 12, Y, MD_NO, N, MT_MAJORITY, N, Y, N},
    [MK_FIX_TIME_TO_ADJOURN] = {"FIX_TIME_TO_ADJOURN", "确定续会时间", MC_PRIVILEGED, 13, Y, MD_NO,
                                Y, MT_MAJORITY, N, N, N},
    [MK_POINT_OF_ORDER] = {"POINT_OF_ORDER", "秩序问题", MC_INCIDENTAL, 0, N, MD_NO, N, MT_CHAIR, Y,
                           N, N},
    [MK_APPEAL] = {"APPEAL", "申诉", MC_INCIDENTAL, 0, Y, MD_NO, N, MT_APPEAL_RULE, Y, N, N},
    [MK_DIVISION] = {"DIVISION", "要求重新点算", MC_INCIDENTAL, 0, N, MD_NO, N, MT_NONE, Y, N, N},
    [MK_REQUEST_INFO] = {"REQUEST_INFO", "询问", MC_INCIDENTAL, 0, N, MD_NO, N, MT_NONE, Y, N, N},
    [MK_SUSPEND_RULES] = {"SUSPEND_RULES", "暂停规则", MC_INCIDENTAL, 0, Y, MD_NO, N, MT_TWO_THIRDS,
                          N, N, N},
    [MK_OBJECT_TO_CONSIDERATION] = {"OBJECT_TO_CONSIDERATION", "反对审议", MC_INCIDENTAL, 0, N,
                                    MD_NO, N, MT_TWO_THIRDS, Y, N, N},
    [MK_WITHDRAW] = {"WITHDRAW", "撤回", MC_INCIDENTAL, 0, N, MD_NO, N, MT_MAJORITY, N, N, N},
    [MK_TAKE_FROM_TABLE] = {"TAKE_FROM_TABLE", "恢复审议", MC_BRING_BACK, 0, Y, MD_NO, N,
                            MT_MAJORITY, N, Y, N},
    [MK_RECONSIDER] = {"RECONSIDER", "复议", MC_BRING_BACK, 0, Y, MD_AS_TARGET, N, MT_MAJORITY, N,
                       Y, N},
    [MK_RESCIND] = {"RESCIND", "撤销", MC_BRING_BACK, 0, Y, MD_YES, Y, MT_TWO_THIRDS, N, N, N},
};
#undef Y
#undef N

const struct mt_kind_row *mt_kind_row(enum mt_kind k)
{
    return &rows[(unsigned)k < MK_COUNT ? k : MK_MAIN];
}

int mt_kind_parse(const char *name)
{
    for (int k = 0; k < MK_COUNT; k++)
        if (strcmp(rows[k].name, name) == 0)
            return k;
    return -1;
}

bool mt_kind_quorum_exempt(enum mt_kind k)
{
    return k == MK_ADJOURN || k == MK_RECESS || k == MK_FIX_TIME_TO_ADJOURN;
}
