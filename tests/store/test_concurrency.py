"""Several writer threads and a reader share one store and lose nothing."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from operator_app.store import AesGcmCipher, Cursors, Drafts, KbStore, LocalStore, Outbox

THREADS = 8
PER_THREAD = 40


def run_all(targets: list[Callable[[], None]]) -> list[BaseException]:
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(targets))

    def wrap(target: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            try:
                barrier.wait()
                target()
            except BaseException as exc:
                errors.append(exc)

        return run

    threads = [threading.Thread(target=wrap(t)) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads)
    return errors


def test_concurrent_writers_lose_nothing(db_path: Path, cipher: AesGcmCipher) -> None:
    with LocalStore(db_path) as store:
        outbox, drafts, kb = Outbox(store, cipher), Drafts(store, cipher), KbStore(store)
        cursors = Cursors(store)
        done = threading.Event()
        seen: list[int] = []

        def writer(n: int) -> Callable[[], None]:
            def work() -> None:
                for i in range(PER_THREAD):
                    outbox.add("POST", f"/t/{n}/{i}", {"n": n, "i": i}, key=f"{n}-{i}")
                    outbox.add("POST", f"/t/{n}/{i}", {"n": n, "i": i}, key=f"{n}-{i}")
                    drafts.save(n, f"f{i % 4}", f"текст {n} {i}")
                    cursors.set(f"c{n}", str(i))
                    seq = n * PER_THREAD + i + 1
                    kb.apply_changes(
                        [
                            {
                                "seq": seq,
                                "id": f"KB-{seq}",
                                "op": "created",
                                "version": 1,
                                "article": {"title": "t"},
                            }
                        ]
                    )

            return work

        def reader() -> None:
            while not done.is_set():
                pending, _ = outbox.counts()
                seen.append(pending)
                if len(outbox.pending()) < pending:
                    read_errors.append(f"torn read: {pending}")

        read_errors: list[str] = []
        read_thread = threading.Thread(target=reader)
        read_thread.start()
        try:
            errors = run_all([writer(n) for n in range(THREADS)])
        finally:
            done.set()
            read_thread.join(timeout=60)
        assert errors == []
        assert read_errors == []
        assert len(seen) > 1
        total = THREADS * PER_THREAD
        assert outbox.counts() == (total, 0)
        assert len({e.key for e in outbox.pending()}) == total
        assert kb.count() == total
        assert drafts.contacts_with_drafts() == list(range(THREADS))
        for n in range(THREADS):
            assert drafts.load(n)[f"f{(PER_THREAD - 1) % 4}"] == f"текст {n} {PER_THREAD - 1}"
            assert cursors.get(f"c{n}") == str(PER_THREAD - 1)
        assert seen == sorted(seen)  # the reader saw the count only grow
