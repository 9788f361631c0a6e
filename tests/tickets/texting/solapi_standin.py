"""A stand-in for Solapi's REST API: a real HTTP server on 127.0.0.1 that checks what Solapi checks.

It verifies the HMAC-SHA256 Authorization header (apiKey, date, salt, signature of date+salt with
the secret), reads the JSON body of POST /messages/v4/send-many/detail and answers as Solapi's
documentation shows: ``messageList`` with a ``messageId`` and statusCode 2000 (accepted),
``failedMessageList`` for a number it refuses, ``{"errorCode", "errorMessage"}`` with a 4xx, a 5xx,
or no answer at all until released (a timeout). GET /messages/v4/list?messageId=… answers the
status the test set for that message (polling).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

API_KEY = "NCSTESTKEY0000001"
API_SECRET = "test-secret-0123456789abcdef0123456789abcdef"
AUTH = re.compile(r"HMAC-SHA256 apiKey=(?P<key>[^,]+), date=(?P<date>[^,]+), salt=(?P<salt>[^,]+), "
                  r"signature=(?P<signature>[0-9a-f]{64})$")


class SolapiStandIn:
    """Start with ``start()``; set ``mode`` to "ok", "invalid_number", "unauthorized", "server_error"
    or "hang"; every accepted message is in ``sent``; ``statuses`` answers polling."""

    def __init__(self):
        self.mode = "ok"
        self.sent: list[dict] = []
        self.requests: list[dict] = []
        self.statuses: dict[str, str] = {}
        self.release = threading.Event()
        self._counter = 0
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _answer(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _authorized(self) -> bool:
                match = AUTH.match(self.headers.get("Authorization", ""))
                if not match or match["key"] != API_KEY:
                    return False
                expected = hmac.new(API_SECRET.encode(), (match["date"] + match["salt"]).encode(),
                                    hashlib.sha256).hexdigest()
                return hmac.compare_digest(expected, match["signature"])

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                stand_in.requests.append({"path": self.path, "headers": dict(self.headers), "raw": raw})
                if stand_in.mode == "hang":
                    stand_in.release.wait(30)
                    return
                if not self._authorized() or stand_in.mode == "unauthorized":
                    return self._answer(401, {"errorCode": "InvalidApiKey", "errorMessage": "Invalid API Key"})
                if self.path != "/messages/v4/send-many/detail":
                    return self._answer(404, {"errorCode": "NotFound", "errorMessage": "Not found"})
                if stand_in.mode == "server_error":
                    return self._answer(503, {"errorCode": "ServiceUnavailable", "errorMessage": "Try later"})
                try:
                    body = json.loads(raw)
                    [message] = body["messages"]
                except (ValueError, KeyError, TypeError):
                    return self._answer(400, {"errorCode": "ValidationError", "errorMessage": "bad body"})
                stand_in._counter += 1
                message_id = f"M4V{stand_in._counter:020d}"
                group = {"groupId": "G4V0000000000000001", "count": {"total": 1}}
                if stand_in.mode == "invalid_number" or not re.fullmatch(r"01[016789]\d{7,8}", message["to"]):
                    failed = {"to": message["to"], "from": message["from"], "type": message.get("type"),
                              "statusMessage": "수신번호 형식 오류", "country": "82", "messageId": message_id,
                              "statusCode": "1062", "accountId": "A1"}
                    return self._answer(200, {"groupInfo": group, "failedMessageList": [failed], "messageList": []})
                stand_in.sent.append(message)
                stand_in.statuses.setdefault(message_id, "2000")
                return self._answer(200, {"groupInfo": group, "failedMessageList": [], "messageList": [
                    {"messageId": message_id, "statusCode": "2000", "statusMessage": "정상 접수"}]})

            def do_GET(self):
                if not self._authorized():
                    return self._answer(401, {"errorCode": "InvalidApiKey", "errorMessage": "Invalid API Key"})
                url = urlparse(self.path)
                if url.path != "/messages/v4/list":
                    return self._answer(404, {"errorCode": "NotFound", "errorMessage": "Not found"})
                message_id = parse_qs(url.query).get("messageId", [""])[0]
                code = stand_in.statuses.get(message_id)
                listed = {message_id: {"messageId": message_id, "statusCode": code, "statusMessage": ""}} if code else {}
                return self._answer(200, {"messageList": listed})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()
