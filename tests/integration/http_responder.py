"""A small scripted HTTP server for the answers a real influxd will not give on demand
(500, 429 with Retry-After, 503, 413, 400 for chosen points).

    with HttpResponder(lambda req: (204, {}, b"")) as r:
        ... point a client at r.url ...
        r.requests  # every request seen: method, path, query, headers, body (gunzipped)
"""

import gzip
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Request:
    def __init__(self, method, path, query, headers, body):
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.time = time.monotonic()

    def lines(self):
        return [l for l in self.body.decode().split("\n") if l]


class HttpResponder:
    """Calls respond(Request) -> (status, headers, body) for each request, on 127.0.0.1;
    over HTTPS when given a certificate and key (PEM files)."""

    def __init__(self, respond, tls_cert=None, tls_key=None):
        self.respond = respond
        self.requests = []
        self.lock = threading.Lock()
        responder = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, like influxd

            def log_message(self, *args):
                pass

            def handle_any(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                if self.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                url = urllib.parse.urlsplit(self.path)
                req = Request(self.command, url.path, dict(urllib.parse.parse_qsl(url.query)),
                              dict(self.headers), body)
                with responder.lock:
                    responder.requests.append(req)
                status, headers, out = responder.respond(req)
                if isinstance(out, str):
                    out = out.encode()
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

            do_POST = handle_any
            do_GET = handle_any

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        scheme = "http"
        if tls_cert:
            import ssl
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(tls_cert, tls_key)
            self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
            scheme = "https"
        self.url = f"{scheme}://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def write_requests(self):
        with self.lock:
            return [r for r in self.requests if r.path == "/write"]
