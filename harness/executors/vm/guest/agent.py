#!/usr/bin/env python3
# criu-lab guest agent: does what the harness asks (run a command, move files in and out, reset the
# guest between cells: guest_reset.py), one JSON line per request and per answer, over a virtio-serial port.
# Requests run concurrently; each answer carries its request's id. No network is involved.
import base64
import glob
import io
import json
import os
import signal
import subprocess
import sys
import tarfile
import threading
import time

import guest_reset

PORT_NAME = "criu-lab.agent"
# Taken in the guest before the first request: what every reset returns to.
BASELINE = None


def run(req):
    timeout = req.get("timeoutMs", 600000) / 1000
    # pathFirst: the directory of the CRIU build this cell runs, ahead of the image's own.
    env = dict(os.environ, PATH=req["pathFirst"] + ":" + os.environ.get("PATH", "")) if req.get("pathFirst") else None
    proc = subprocess.Popen(req["argv"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True, cwd=req.get("cwd", "/"), env=env)
    timed_out = False
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        os.killpg(proc.pid, signal.SIGKILL)
        try:
            out, _ = proc.communicate(timeout=5)
        except subprocess.TimeoutExpired:
            out = b"(output not collected: a background process keeps the pipe)"
    code = proc.returncode
    if code is None or timed_out:
        code = 124
    elif code < 0:
        code = 128 - code
    return {"exitCode": code, "output": out.decode("utf-8", "replace"), "timedOut": timed_out}


def tar_out(req):
    path = req["path"].rstrip("/") or "/"
    if not os.path.exists(path):
        return {"missing": True}
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        tar.add(path, arcname=os.path.basename(path))
    return {"data": base64.b64encode(buf.getvalue()).decode()}


def tar_in(req):
    os.makedirs(req["dir"], exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(base64.b64decode(req["data"])), mode="r") as tar:
        tar.extractall(req["dir"], numeric_owner=True)
    return {}


def reset(req):
    """Back to the guest the agent found (guest_reset.py); `criu` names the CRIU the next cell runs."""
    if BASELINE is None:
        raise RuntimeError("reset only runs inside the VM")
    return guest_reset.reset(BASELINE, {1, os.getpid()}, set(req.get("keep", [])), req.get("criu", "image"))


def ping(req):
    return {"release": os.uname().release, "pid": os.getpid()}


OPS = {"exec": run, "tar-out": tar_out, "tar-in": tar_in, "reset": reset, "ping": ping}


class Channel:
    def __init__(self, rfd, wfd, reopen_on_eof):
        self.reader = os.fdopen(rfd, "rb", buffering=0)
        self.wfd = wfd
        self.reopen_on_eof = reopen_on_eof
        self.lock = threading.Lock()

    def lines(self):
        # A request can be megabytes (files going in): collect chunks and join once per line,
        # searching only each new chunk for the line end.
        parts = []
        while True:
            chunk = self.reader.read(1 << 20)
            if not chunk:
                if not self.reopen_on_eof:
                    return
                # No host on the other end of the port (between cells): wait for the next one.
                time.sleep(0.05)
                continue
            while True:
                nl = chunk.find(b"\n")
                if nl < 0:
                    parts.append(chunk)
                    break
                parts.append(chunk[:nl])
                line = b"".join(parts)
                parts = []
                chunk = chunk[nl + 1:]
                if line.strip():
                    yield line

    def send(self, obj):
        data = (json.dumps(obj) + "\n").encode()
        with self.lock:
            view = memoryview(data)
            while view:
                n = os.write(self.wfd, view)
                view = view[n:]


def answer(channel, line):
    try:
        req = json.loads(line)
    except ValueError as e:
        channel.send({"id": None, "ok": False, "error": "not JSON: %s" % e})
        return
    op = OPS.get(req.get("op"))
    try:
        if op is None:
            raise ValueError("unknown op %r" % req.get("op"))
        channel.send(dict(op(req), id=req.get("id"), ok=True))
    except Exception as e:  # every failure goes back to the harness as an answer
        channel.send({"id": req.get("id"), "ok": False, "error": "%s: %s" % (type(e).__name__, e)})


def serve(channel):
    workers = []
    for line in channel.lines():
        t = threading.Thread(target=answer, args=(channel, line), daemon=True)
        t.start()
        workers.append(t)
        workers = [w for w in workers if w.is_alive()]
    for w in workers:
        w.join()


def find_port():
    for _ in range(300):
        for name_file in glob.glob("/sys/class/virtio-ports/*/name"):
            with open(name_file) as f:
                if f.read().strip() == PORT_NAME:
                    return "/dev/" + name_file.split("/")[-2]
        time.sleep(0.1)
    raise SystemExit("criu-lab agent: no virtio-serial port named %s" % PORT_NAME)


def as_pid1():
    """PID 1 only reaps (restored and orphaned trees end up here); a child serves the port."""
    global BASELINE
    child = os.fork()
    if child == 0:
        os.setsid()
        BASELINE = guest_reset.Baseline()
        port = find_port()
        fd = os.open(port, os.O_RDWR)
        with open("/dev/console", "w") as console:
            console.write("criu-lab: agent serving %s\n" % port)
        serve(Channel(fd, fd, reopen_on_eof=True))
        os._exit(0)
    while True:
        try:
            pid, _ = os.wait()
        except ChildProcessError:
            time.sleep(1)
            continue
        if pid == child:
            with open("/dev/console", "w") as console:
                console.write("criu-lab: agent exited; powering off\n")
            os.sync()
            with open("/proc/sysrq-trigger", "w") as f:
                f.write("o")


if __name__ == "__main__":
    if "--pid1" in sys.argv:
        as_pid1()
    else:
        # --stdio: the same protocol on stdin/stdout, for the harness's own tests.
        serve(Channel(sys.stdin.fileno(), sys.stdout.fileno(), reopen_on_eof=False))
