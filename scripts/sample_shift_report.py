"""A simulated shift and its report: docs/reports/shift-report.{csv,pdf}.

Run: .venv/bin/python scripts/sample_shift_report.py [--minutes 4] [--operators 12]
     [--rate 40] [--speed 10] [--out docs/reports]

A fresh demo routing API (SQLite in a temp dir) with N simulated first-line operators; the
traffic simulator plays citizens (and the operators) for the given minutes, sped up; then the
report for the period is fetched as `sup1` and saved as the monitor saves it (CSV, and the PDF
drawn by Qt), and page 1 of the PDF is rendered to PNG beside it for a quick look.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from operator_app.services.monitor import Monitor  # noqa: E402
from operator_app.sync.client import ApiClient  # noqa: E402
from operator_app.ui.monitor.report_pdf import render_pdf  # noqa: E402


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    p.add_argument("--minutes", type=float, default=4.0)
    p.add_argument("--operators", type=int, default=12)
    p.add_argument("--rate", type=float, default=40.0, help="arrivals per minute")
    p.add_argument("--speed", type=float, default=10.0, help="handling and patience sped up")
    p.add_argument("--out", type=Path, default=ROOT / "docs" / "reports")
    ns = p.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="shift-"))
    url = f"sqlite:///{work / 'routing.sqlite3'}"
    run = [sys.executable, "-m", "routing_api"]
    subprocess.run(
        [*run, "seed", "--demo", "--operators", str(ns.operators), "--database", url],
        check=True,
        capture_output=True,
    )
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [*run, "serve", "--port", str(port), "--database", url, "--log-level", "warning"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(300):
            try:
                if httpx.get(base + "/ready", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        began = datetime.now().astimezone()
        print(f"simulating {ns.minutes:g} min: {ns.operators} operators, {ns.rate:g}/min …")
        subprocess.run(
            [
                *run,
                "simulate",
                "--server",
                base,
                "--rate",
                str(ns.rate),
                "--speed",
                str(ns.speed),
                "--operators",
                str(ns.operators),
                "--duration",
                str(ns.minutes * 60),
                "--seed",
                "7",
            ],
            check=True,
        )
        app = QApplication.instance() or QApplication([])
        client = ApiClient(base)
        client.login("sup1", "demo")
        monitor = Monitor(client)
        end = datetime.now().astimezone() + timedelta(seconds=1)
        report = monitor.shift_report(began - timedelta(minutes=1), end)
        ns.out.mkdir(parents=True, exist_ok=True)
        csv_path, pdf_path = monitor.save_report(
            report, render_pdf(report), ns.out / "shift-report"
        )
        client.close()
        print(f"wrote {csv_path} and {pdf_path}")
        total = report["total"]
        print(
            f"queued {total['queued']}, answered {total['answered']}, handled {total['handled']}, "
            f"SL {total['service_level']}, ASA {total['asa_s']} s, AHT {total['aht_s']} s, "
            f"CSAT {total['csat']} over {total['ratings']} ratings"
        )
        del app
    finally:
        server.terminate()
        server.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
