#!/usr/bin/env python3
"""Conformance-review scripts x01 ... : written from PROCEDURE.md alone.

Unlike make-scripts.py, nothing here runs the binary: every expected answer, QUERY states
included, is written out by hand from the specification, and this file turns those
expectations into NAME.jsonl and NAME.out. `sh tools/run-procedure.sh` then diffs the
binary against them.

    python3 tests/procedure/x_scripts.py
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
SEVEN = ["A", "B", "C", "D", "E", "F", "G"]
T1 = "活动室每周开放五天"
MSG = {
    "E_SCOPE": "议题层级与议事厅不符",
    "E_NOT_ELIGIBLE": "非本议事范围成员或无表决权",
    "E_NO_QUORUM": "未达法定人数",
    "E_CHAIR_NEUTRAL": "主持人不得参与讨论",
    "E_NO_PENDING_QUESTION": "当前无待议动议",
    "E_EMPTY_MOTION": "动议内容不明确",
    "E_NOT_SECONDED": "动议未获附议",
    "E_SELF_SECOND": "不能附议本人动议",
    "E_ALREADY_SECONDED": "已附议",
    "E_MOTION_PENDING": "已有待决主动议",
    "E_OUT_OF_ORDER": "该动议此时不合程序",
    "E_NOT_RECOGNIZED": "未获发言许可",
    "E_FLOOR_TAKEN": "他人正在发言",
    "E_NOT_NEXT": "不是下一位发言人",
    "E_ALREADY_QUEUED": "已在发言队列中",
    "E_STANCE_REQUIRED": "请先表明立场",
    "E_TIME_EXPIRED": "发言时间已到",
    "E_NOT_TRANSFERABLE": "发言时间不可转让",
    "E_SPEECH_LIMIT": "本动议发言次数已满",
    "E_FIRST_TIMERS_WAITING": "尚有未发言者等待",
    "E_RULING_PENDING": "请先裁定秩序问题",
    "E_FLOOR_FORFEITED": "已被取消本议题发言权",
    "E_DEBATE_OPEN": "仍有人等待发言",
    "E_DEBATE_CLOSED": "辩论已结束",
    "E_NOT_DEBATABLE": "该动议不可辩论",
    "E_ALREADY_VOTED": "已投票",
    "E_VOTING_CLOSED": "表决未开始或已结束",
    "E_ALREADY_DECIDED": "该事项本次会议已表决",
    "E_NOT_PREVAILING_SIDE": "仅多数方成员可动议复议",
    "E_RECONSIDER_USED": "已复议过",
    "E_AMEND_DEPTH": "修改层级超过限制",
    "E_NOT_AMENDABLE": "该动议不可修改",
    "E_BAD_INPUT": "指令格式错误",
}
SCRIPTS = []


def dumps(d):
    return json.dumps(d, ensure_ascii=False)


class X:
    def __init__(self, name):
        self.name = name
        self.lines = []  # (input line, expected answer line)
        self.persons = []
        SCRIPTS.append(self)

    def raw(self, line, answer):
        self.lines.append((line, dumps(answer)))

    def setup(self, members=SEVEN, chair="X", observers=("O",), level="BUILDING_GROUP", expect="ok", **params):
        su = {"level": level, "members": list(members), "chair": chair, "observers": list(observers)}
        if params:
            su["params"] = params
        if expect == "ok":
            self.persons = list(members) + [o for o in observers if o not in members]
        self.raw(dumps({"setup": su}), self.answer(expect))

    @staticmethod
    def answer(expect="ok", events=None, mid=None):
        if expect != "ok":
            return {"ok": False, "error": expect, "message": MSG[expect]}
        a = {"ok": True}
        if mid is not None:
            a["motion"] = mid
        if events:
            a["events"] = list(events)
        return a

    def c(self, cmd, actor=None, expect="ok", ev=None, mid=None, **fields):
        d = {"cmd": cmd}
        if actor is not None:
            d["actor"] = actor
        d.update(fields)
        self.raw(dumps(d), self.answer(expect, ev, mid))

    def bad(self, line):
        self.raw(line, self.answer("E_BAD_INPUT"))

    def q(self, meeting="IN_SESSION", present=7, quorum=4, floor=None, next=None, stack=(), motions=None, warnings=None):
        """QUERY with the whole expected state; motions: id -> M(...)."""
        w = {p: 0 for p in self.persons}
        w.update(warnings or {})
        ms = {}
        for mid, m in (motions or {}).items():
            sp = {p: 0 for p in self.persons}
            sp.update(m.pop("speeches"))
            m["speeches"] = sp
            ms[mid] = m
        st = {"meeting": meeting, "present": present, "quorum": quorum, "floor": floor,
              "next_speaker": next, "stack": list(stack), "motions": ms, "warnings": w}
        self.raw('{"cmd": "QUERY"}', {"ok": True, "state": st})

    # -- the common fixture of section 8 and shorthands --
    def fixture(self, attend=SEVEN, **params):
        self.setup(**params)
        for m in attend:
            self.c("ATTEND", m)
        self.c("CALL_TO_ORDER", "X")
        self.c("OPEN_ITEM", "X", item="I1", level="BUILDING_GROUP")

    def move(self, actor, type="MAIN", expect="ok", mid=None, **f):
        if type == "MAIN" and "text" not in f:
            f["text"] = T1
        self.c("MOVE", actor, expect=expect, mid=mid, type=type, **f)

    def stated(self, seconder="B"):
        self.c("SECOND", seconder)
        self.c("STATE_QUESTION", "X")

    def speak(self, who, stance="PRO", end=True):
        self.c("REQUEST_FLOOR", who, stance=stance)
        self.c("RECOGNIZE", "X", member=who)
        self.c("START_SPEECH", who)
        if end:
            self.c("END_SPEECH", who)

    def vote(self, yes, no, abstain="", method="HANDS", ev=("VOTE_RESULT",), put=True):
        if put:
            self.c("PUT_QUESTION", "X", method=method)
        for m in yes:
            self.c("CAST", m, choice="YES")
        for m in no:
            self.c("CAST", m, choice="NO")
        for m in abstain:
            self.c("CAST", m, choice="ABSTAIN")
        self.c("CLOSE_VOTE", "X", ev=list(ev))


def M(type, state, text, mover, yes=0, no=0, abstain=0, closed=False, speeches=None):
    return {"type": type, "state": state, "text": text, "mover": mover, "yes": yes, "no": no,
            "abstain": abstain, "debate_closed": closed, "speeches": dict(speeches or {})}


def main():
    import x_cases  # noqa: F401  (the scripts register themselves)
    for s in SCRIPTS:
        with open(os.path.join(HERE, s.name + ".jsonl"), "w") as f:
            f.write("".join(i + "\n" for i, _ in s.lines))
        with open(os.path.join(HERE, s.name + ".out"), "w") as f:
            f.write("".join(o + "\n" for _, o in s.lines))
    print(f"{len(SCRIPTS)} scripts written")


if __name__ == "__main__":
    import sys
    sys.path.insert(0, HERE)
    sys.modules.setdefault("x_scripts", sys.modules[__name__])
    main()
