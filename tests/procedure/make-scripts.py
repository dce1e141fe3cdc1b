#!/usr/bin/env python3
"""Writes the procedure scripts (NAME.jsonl) and their expected answers (NAME.out).

Each command below carries the answer PROCEDURE.md gives for it (ok, an E_* code, events, and
checks on QUERY states). The script is run through `mulin procedure run`; every expectation is
asserted, and only then is the answer file written. So the .out files are the binary's exact
output, and every line of them has been checked against the specification by this file.

    python3 tests/procedure/make-scripts.py [./mulin]
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
MULIN = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "mulin")
SEVEN = ["A", "B", "C", "D", "E", "F", "G"]
SCRIPTS = []


class Script:
    def __init__(self, name, about):
        self.name, self.about = name, about
        self.lines = []  # (raw line, expectation)
        SCRIPTS.append(self)

    def raw(self, line, expect):
        self.lines.append((line, expect))

    def setup(self, members=SEVEN, chair="X", observers=("O",), level="BUILDING_GROUP", **params):
        su = {"level": level, "members": list(members), "chair": chair, "observers": list(observers)}
        if params:
            su["params"] = params
        self.raw(json.dumps({"setup": su}, ensure_ascii=False), {"ok": True})

    def c(self, cmd, actor=None, expect="ok", events=None, mid=None, **fields):
        d = {"cmd": cmd}
        if actor is not None:
            d["actor"] = actor
        d.update(fields)
        self.raw(json.dumps(d, ensure_ascii=False), {"code": expect, "events": events, "motion": mid})

    def q(self, **checks):
        """QUERY; each keyword is a path check: meeting="IN_SESSION", m1_state="LAPSED",
        m1_text=..., m1_speeches_A=1, warnings_A=3, floor=None, next_speaker="A", stack=[...]"""
        self.raw('{"cmd": "QUERY"}', {"code": "ok", "state": checks})

    # -- common fixture (section 8) and shorthands --
    def fixture(self, attend=SEVEN, **params):
        self.setup(**params)
        for m in attend:
            self.c("ATTEND", m)
        self.c("CALL_TO_ORDER", "X")
        self.c("OPEN_ITEM", "X", item="I1", level="BUILDING_GROUP")

    def move(self, actor, type="MAIN", expect="ok", mid=None, **f):
        if type == "MAIN" and "text" not in f:
            f["text"] = "活动室每周开放五天"
        self.c("MOVE", actor, expect=expect, mid=mid, type=type, **f)

    def stated(self, seconder="B"):
        self.c("SECOND", seconder)
        self.c("STATE_QUESTION", "X")

    def speak(self, who, stance="PRO", end=True, chair="X"):
        self.c("REQUEST_FLOOR", who, stance=stance)
        self.c("RECOGNIZE", chair, member=who)
        self.c("START_SPEECH", who)
        if end:
            self.c("END_SPEECH", who)

    def vote(self, yes, no, abstain=(), method="HANDS", events=None, put=True):
        if put:
            self.c("PUT_QUESTION", "X", method=method)
        for m in yes:
            self.c("CAST", m, choice="YES")
        for m in no:
            self.c("CAST", m, choice="NO")
        for m in abstain:
            self.c("CAST", m, choice="ABSTAIN")
        self.c("CLOSE_VOTE", "X", events=events or ["VOTE_RESULT"])


def get(state, key):
    if key in ("meeting", "present", "quorum", "floor", "next_speaker", "stack"):
        return state[key]
    parts = key.split("_", 1)
    if parts[0] == "warnings":
        return state["warnings"][parts[1]]
    mid, rest = parts
    mo = state["motions"][mid]
    if rest.startswith("speeches_"):
        return mo["speeches"][rest[len("speeches_"):]]
    return mo[rest]


def check(script, n, line, exp, ans):
    where = f"{script.name}.jsonl:{n}: {line}\n  answer {json.dumps(ans, ensure_ascii=False)}"
    code = exp.get("code", "ok")
    if exp.get("ok") is True or code == "ok":
        assert ans.get("ok") is True, f"{where}\n  expected ok"
    else:
        assert ans.get("ok") is False and ans.get("error") == code, f"{where}\n  expected {code}"
        assert "events" not in ans, where
    assert ans.get("events") == exp.get("events"), f"{where}\n  expected events {exp.get('events')}"
    if exp.get("motion") is not None:
        assert ans.get("motion") == exp["motion"], f"{where}\n  expected motion {exp['motion']}"
    for k, v in (exp.get("state") or {}).items():
        got = get(ans["state"], k)
        assert got == v, f"{where}\n  {k} = {got!r}, expected {v!r}"


def main():
    import scenarios  # noqa: F401  (the scripts register themselves)
    import rules  # noqa: F401
    failed = 0
    for s in SCRIPTS:
        text = "".join(line + "\n" for line, _ in s.lines)
        out = subprocess.run([MULIN, "procedure", "run"], input=text.encode(), capture_output=True)
        answers = out.stdout.decode().splitlines()
        assert out.returncode == 0 and len(answers) == len(s.lines), s.name
        try:
            for n, ((line, exp), a) in enumerate(zip(s.lines, answers), 1):
                check(s, n, line, exp, json.loads(a))
        except AssertionError as e:
            print(f"FAIL {e}")
            failed += 1
            continue
        with open(os.path.join(HERE, s.name + ".jsonl"), "w") as f:
            f.write(text)
        with open(os.path.join(HERE, s.name + ".out"), "w") as f:
            f.write("".join(a + "\n" for a in answers))
    print(f"{len(SCRIPTS) - failed} scripts written, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    sys.path.insert(0, HERE)
    sys.modules.setdefault("make_scripts", sys.modules[__name__])
    main()
