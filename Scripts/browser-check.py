#!/usr/bin/env python3
"""Drives headless Chromium through Laurel's verification page, as an employer would use it.

    browser-check.py PAGE_URL CREDENTIAL_FILE SCREENSHOT.png

Opens PAGE_URL, chooses CREDENTIAL_FILE in the page's file input, waits for the verdict, saves a
screenshot and prints one JSON object: {"verdict": code, "headline": text, "lang": ..., "dir": ...,
"checks": n, "focus": tag of the focused element}. Exit 1 when no verdict appears.

Chromium is driven over the DevTools protocol with a WebSocket client written here (Python's
standard library only), so nothing but Debian's `chromium` and `python3` is needed.
"""
import base64
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request


class WebSocket:
    """The client side of RFC 6455, enough for DevTools: text frames, masked, no extensions."""

    def __init__(self, url):
        match = re.match(r"ws://([^/:]+):(\d+)(/.*)", url)
        host, port, path = match.group(1), int(match.group(2)), match.group(3)
        self.sock = socket.create_connection((host, port), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        response = b""
        while b"\r\n\r\n" not in response:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise RuntimeError("the DevTools socket closed during the handshake")
            response += chunk
        if b" 101 " not in response.split(b"\r\n", 1)[0]:
            raise RuntimeError("DevTools refused the WebSocket: " + response.decode(errors="replace"))
        self.buffer = response.split(b"\r\n\r\n", 1)[1]

    def send(self, text):
        payload = text.encode()
        header = bytes([0x81])
        if len(payload) < 126:
            header += bytes([0x80 | len(payload)])
        elif len(payload) < 65536:
            header += bytes([0x80 | 126]) + struct.pack(">H", len(payload))
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", len(payload))
        mask = os.urandom(4)
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def _read(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise RuntimeError("the DevTools socket closed")
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def receive(self):
        message = b""
        while True:
            first, second = self._read(2)
            length = second & 0x7F
            if length == 126:
                length = struct.unpack(">H", self._read(2))[0]
            elif length == 127:
                length = struct.unpack(">Q", self._read(8))[0]
            payload = self._read(length)
            opcode = first & 0x0F
            if opcode == 8:
                raise RuntimeError("DevTools closed the socket")
            if opcode in (0, 1, 2):
                message += payload
                if first & 0x80:
                    return message.decode()


class DevTools:
    def __init__(self, url):
        self.ws = WebSocket(url)
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.receive())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")


def main():
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    page_url, credential, screenshot = sys.argv[1], os.path.abspath(sys.argv[2]), sys.argv[3]
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not browser:
        print("no chromium on the PATH", file=sys.stderr)
        return 2
    profile = tempfile.mkdtemp(prefix="laurel-chromium-")
    process = subprocess.Popen(
        [browser, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         "--no-default-browser-check", "--disable-extensions", "--window-size=900,1400", f"--user-data-dir={profile}",
         "--remote-debugging-port=0", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        port = None
        deadline = time.time() + 60
        while time.time() < deadline and port is None:
            line = process.stderr.readline()
            if not line and process.poll() is not None:
                break
            match = re.search(r"DevTools listening on ws://127\.0\.0\.1:(\d+)/", line)
            if match:
                port = int(match.group(1))
        if port is None:
            print("chromium did not start its DevTools server", file=sys.stderr)
            return 2
        request = urllib.request.Request(f"http://127.0.0.1:{port}/json/new?{page_url}", method="PUT")
        target = json.load(urllib.request.urlopen(request, timeout=30))
        tools = DevTools(target["webSocketDebuggerUrl"])
        tools.call("Page.enable")
        tools.call("Runtime.enable")
        deadline = time.time() + 30
        while time.time() < deadline:
            if tools.evaluate("document.readyState === 'complete' && !!document.getElementById('file')"):
                break
            time.sleep(0.1)
        root = tools.call("DOM.getDocument")["root"]["nodeId"]
        node = tools.call("DOM.querySelector", nodeId=root, selector="#file")["nodeId"]
        tools.call("DOM.setFileInputFiles", files=[credential], nodeId=node)
        verdict = None
        deadline = time.time() + 60
        while time.time() < deadline:
            verdict = tools.evaluate("(document.querySelector('[data-verdict]') || {dataset: {}}).dataset.verdict || null")
            if verdict:
                break
            time.sleep(0.2)
        state = tools.evaluate("""JSON.stringify({
            headline: (document.querySelector('.verdict h2') || {}).textContent || null,
            error: (document.querySelector('.error') || {}).textContent || null,
            lang: document.documentElement.lang, dir: document.documentElement.dir,
            checks: document.querySelectorAll('.checks li').length,
            image: !!document.querySelector('img.badge-image'),
            claims: document.querySelectorAll('#result dl dd').length,
            focus: document.activeElement ? document.activeElement.tagName : null})""")
        shot = tools.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        os.makedirs(os.path.dirname(os.path.abspath(screenshot)), exist_ok=True)
        with open(screenshot, "wb") as out:
            out.write(base64.b64decode(shot["data"]))
        answer = json.loads(state)
        answer["verdict"] = verdict
        print(json.dumps(answer, ensure_ascii=False))
        return 0 if verdict else 1
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
