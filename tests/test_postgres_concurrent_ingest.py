"""Two ingests at once against one PostgreSQL store: every document and every fact exactly once,
and the same knowledge base as one ingest alone (writers are serialised by an advisory lock and
resolution happens inside that transaction)."""
from __future__ import annotations

import subprocess
import sys

import pytest

from newsgraph.service import ingest_paths
from newsgraph import open_store

from .test_postgres_store import create_pg_database, drop_pg_database, kb_digest, pg_available

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

# two reporters' copy of a busy week, written for this test: names recur across articles, so the
# two ingests race to create and to match the same entities
WEEK = [
    ("Border talks", "Iraqi Prime Minister Adnan Khalifa met Syrian envoy Faisal Darwish in Baghdad on Monday. "
                     "Khalifa said the border crossings would reopen. Darwish thanked the Iraqi government."),
    ("Envoy returns", "Faisal Darwish returned to Damascus on Tuesday after meeting Adnan Khalifa. The Dignity "
                      "Brigades accused Darwish of smuggling weapons, according to a statement."),
    ("Brigades threaten", "Karim Al-Zubaidi, the commander of the Dignity Brigades, threatened to attack foreign "
                          "troops near Kirkuk. Officials in Baghdad condemned the threat."),
    ("Council vote", "The Basra provincial council voted to dismiss Governor Walid Mansour. Mansour rejected "
                     "the decision and said he would appeal to the Federal Supreme Court."),
    ("Khalifa in Amman", "Adnan Khalifa travelled to Amman on Thursday, where he met Jordanian Foreign Minister "
                         "Samir Haddad. Haddad said Jordan supports the Iraqi government."),
    ("Zubaidi detained", "Security forces detained Karim Al-Zubaidi in Kirkuk on Friday, two officials said. "
                         "The Dignity Brigades called for his release."),
]

SCRIPT = ("import sys\n"
          "from newsgraph import open_store\n"
          "from newsgraph.service import ingest_paths\n"
          "r = ingest_paths(open_store(sys.argv[1]), [sys.argv[2]])\n"
          "print(r.new, r.unchanged, r.failed, r.errors)\n"
          "sys.exit(1 if r.failed else 0)\n")


@pytest.fixture
def week_folder(tmp_path):
    folder = tmp_path / "week"
    folder.mkdir()
    for i, (title, body) in enumerate(WEEK):
        (folder / f"{i:02d}.txt").write_text(f"{title}\n\nMarch {i + 3}, 2024\n\n{body}\n\n"
                                             f"Content retrieved from: https://wire{i % 2}.example/{i}.\n")
    return folder


def test_postgres_two_ingests_at_once_store_every_fact_once(week_folder, pipeline):
    if not pg_available():
        pytest.skip("NEWSGRAPH_SKIP_PG=1")
    shared, alone = create_pg_database(), create_pg_database()
    try:
        open_store(shared).close()  # migrate once, so both processes start on the same schema
        procs = [subprocess.Popen([sys.executable, "-c", SCRIPT, shared, str(week_folder)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        outs = [p.communicate(timeout=120) for p in procs]
        for p, (out, err) in zip(procs, outs):
            assert p.returncode == 0, (out, err[-2000:])
        new = [int(out.split()[0]) for out, _ in outs]
        assert sum(new) == len(WEEK)  # each article stored by exactly one of the two

        ref = open_store(alone)
        rep = ingest_paths(ref, [str(week_folder)])
        assert rep.new == len(WEEK)
        st = open_store(shared)
        got, want = kb_digest(st), kb_digest(ref)
        st.close()
        ref.close()
        assert want["events"] and want["entities"]
        for table in want:  # no fact lost, none twice, no entity created twice
            assert got[table] == want[table], table
    finally:
        drop_pg_database(shared)
        drop_pg_database(alone)
