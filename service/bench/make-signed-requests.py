#!/usr/bin/env python3
"""Writes COUNT signed webhook requests for paced-signed.lua, one per line: id, timestamp, signature, body (tabs).

Usage: make-signed-requests.py SECRET COUNT FILE [FILLER_BYTES=256]. SECRET is a Standard Webhooks secret
(whsec_<base64>). The bodies are the load tests' order/payment/user/system mix with their filler (256 bytes by
default, as there); the ids are fresh and the timestamps now, so the file is good for the service's 300 s tolerance:
make it just before the run.
"""
import base64, hashlib, hmac, random, secrets, sys, time

REQUIRED = {"order": '"orderId":"{id}",', "payment": '"transactionId":"{id}",', "user": "", "system": ""}
WEIGHTS = [("order", 40), ("payment", 30), ("user", 20), ("system", 10)]


def main():
    secret, count, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    filler_bytes = int(sys.argv[4]) if len(sys.argv) > 4 else 256
    key = base64.b64decode(secret.removeprefix("whsec_"))
    types = [t for t, w in WEIGHTS for _ in range(w)]
    timestamp = str(int(time.time()))
    filler = ',"note":"' + "x" * filler_bytes + '"' if filler_bytes else ""
    with open(path, "w") as out:
        for _ in range(count):
            wid = "msg_" + secrets.token_hex(16)
            kind = random.choice(types)
            body = ('{"type":"%s",%s"eventId":"%s","data":{"amount":%d,"currency":"eur"%s}}'
                    % (kind, REQUIRED[kind].format(id=wid), wid, random.randint(1, 99_999), filler))
            mac = hmac.new(key, f"{wid}.{timestamp}.{body}".encode(), hashlib.sha256).digest()
            out.write(f"{wid}\t{timestamp}\tv1,{base64.b64encode(mac).decode()}\t{body}\n")


if __name__ == "__main__":
    main()
