#!/usr/bin/env python3
"""A downstream for FORWARD_URL that reads each POST, waits, then answers 200: keeps executions in their process step.

Usage: slow-downstream.py PORT SECONDS (loopback only; one thread per request; runs until killed).
"""
import http.server
import sys
import time


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        time.sleep(DELAY)
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a service killed mid-request resets its connections: expected here, not worth a traceback each


if __name__ == "__main__":
    port, DELAY = int(sys.argv[1]), float(sys.argv[2])
    server = Server(("127.0.0.1", port), Handler)
    server.serve_forever()
