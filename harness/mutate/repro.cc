#include "harness/mutate/repro.h"

#include <nlohmann/json.hpp>

#include "harness/common/bytes.h"

namespace kc::mutate {
namespace {

// Single-quoted for sh: ' becomes '\''.
std::string Quote(std::string_view s) {
  std::string out = "'";
  for (const char c : s) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

std::string OneLine(std::string_view s) {
  std::string out;
  for (const char ch : s.substr(0, 300)) {
    const auto c = static_cast<unsigned char>(ch);
    out += (c < 0x20 || c == 0x7F) ? ' ' : ch;
  }
  return out;
}

std::string Header(const ReproInput& in, bool curl) {
  std::string s = "#!/bin/sh\n";
  s += "# kmsconform fuzz finding: " + in.rule + " (" + in.cls + "/" + in.label + ")\n";
  s += "#   " + OneLine(in.what) + "\n";
  s += "#   AWS: " + OneLine(in.expected) + "\n";
  s += curl ? "# Sends the minimal request's body (the .bin file beside this script) with curl,\n"
              "# signed afresh (--aws-sigv4), and checks the reply.\n"
            : "# Sends the minimal request(s) described in the .bin file beside this script with a\n"
              "# python3 socket program, byte for byte (framing and signature as found), and checks\n"
              "# the reply.\n";
  s += "# Keys, an import token and an alias the request names are made afresh on the target\n"
       "# first and replaced in the bytes.\n"
       "# Endpoint: $KC_ENDPOINT (default: the run's). Credentials: AWS_ACCESS_KEY_ID /\n"
       "# AWS_SECRET_ACCESS_KEY (default test/test), AWS_REGION.\n"
       "# Exit: 1 the departure shows; 0 it does not; 2 could not run.\n";
  s += "set -u\nexport LC_ALL=C\n";
  s += "EP=\"${KC_ENDPOINT:-" + in.endpoint + "}\"\nEP=\"${EP%/}\"\n";
  s += "REGION=\"${AWS_REGION:-${AWS_DEFAULT_REGION:-" + in.region + "}}\"\n";
  s += "AK=\"${AWS_ACCESS_KEY_ID:-test}\"\nSK=\"${AWS_SECRET_ACCESS_KEY:-test}\"\n";
  s += "DATA=\"${0%.sh}.bin\"\n";
  s += "[ -r \"$DATA\" ] || { echo \"cannot read $DATA\"; exit 2; }\n";
  s += "export EP REGION AK SK DATA\n";
  return s;
}

// The curl path (well-framed, signed): shell functions, setup, the request, the check.
constexpr std::string_view kCurlBody = R"sh(command -v curl >/dev/null 2>&1 || { echo "needs curl"; exit 2; }
W=$(mktemp -d) || exit 2
trap 'rm -rf "$W"' EXIT
cp "$DATA" "$W/body"
# kc_send TARGET FILE [CONTENT-TYPE]: a signed POST; curl -i's output in $W/reply.
kc_send() {
  curl -sS -i --max-time 20 -X POST "$EP/" --aws-sigv4 "aws:amz:$REGION:kms" --user "$AK:$SK" \
    -H "X-Amz-Target: $1" -H "Content-Type: ${3:-application/x-amz-json-1.1}" \
    --data-binary @"$2" -o "$W/reply" 2>"$W/err"
}
kc_field() { sed -n "s/.*\"$1\" *: *\"\([^\"]*\)\".*/\1/p" "$W/reply" | head -n 1; }
kc_has() { [ -n "$1" ] && grep -qF -- "$1" "$W/body"; }
kc_replace() { [ -n "$1" ] && [ -n "$2" ] && sed -i "s|$1|$2|g" "$W/body"; }
kc_setup_failed() { echo "could not run: setup: $1"; sed -n '1,20p' "$W/reply" 2>/dev/null; exit 2; }
if kc_has "$OLD_EXT" || kc_has "$OLD_EXT_ARN" || kc_has "$OLD_TOKEN"; then
  printf '%s' '{"Origin":"EXTERNAL","Description":"kmsconform fuzz reproducer"}' > "$W/req"
  kc_send TrentService.CreateKey "$W/req" || kc_setup_failed "CreateKey: curl failed"
  NEW_EXT=$(kc_field KeyId); NEW_EXT_ARN=$(kc_field Arn)
  [ -n "$NEW_EXT" ] || kc_setup_failed "CreateKey (EXTERNAL) gave no KeyId"
  if kc_has "$OLD_TOKEN"; then
    printf '{"KeyId":"%s","WrappingAlgorithm":"RSAES_OAEP_SHA_256","WrappingKeySpec":"RSA_2048"}' "$NEW_EXT" > "$W/req"
    kc_send TrentService.GetParametersForImport "$W/req" || kc_setup_failed "GetParametersForImport: curl failed"
    NEW_TOKEN=$(kc_field ImportToken)
    [ -n "$NEW_TOKEN" ] || kc_setup_failed "GetParametersForImport gave no ImportToken"
    kc_replace "$OLD_TOKEN" "$NEW_TOKEN"
  fi
  kc_replace "$OLD_EXT_ARN" "$NEW_EXT_ARN"
  kc_replace "$OLD_EXT" "$NEW_EXT"
fi
if kc_has "$OLD_SYM" || kc_has "$OLD_ALIAS" || kc_has "$OLD_CT"; then
  printf '%s' '{"Description":"kmsconform fuzz reproducer"}' > "$W/req"
  kc_send TrentService.CreateKey "$W/req" || kc_setup_failed "CreateKey: curl failed"
  NEW_SYM=$(kc_field KeyId)
  [ -n "$NEW_SYM" ] || kc_setup_failed "CreateKey gave no KeyId"
  if kc_has "$OLD_ALIAS"; then
    printf '{"AliasName":"%s","TargetKeyId":"%s"}' "$OLD_ALIAS" "$NEW_SYM" > "$W/req"
    kc_send TrentService.CreateAlias "$W/req" || true
  fi
  if kc_has "$OLD_CT"; then
    printf '{"KeyId":"%s","Plaintext":"a21zY29uZm9ybQ=="}' "$NEW_SYM" > "$W/req"
    kc_send TrentService.Encrypt "$W/req" || kc_setup_failed "Encrypt: curl failed"
    NEW_CT=$(kc_field CiphertextBlob)
    [ -n "$NEW_CT" ] || kc_setup_failed "Encrypt gave no CiphertextBlob"
    kc_replace "$OLD_CT" "$NEW_CT"
  fi
  kc_replace "$OLD_SYM" "$NEW_SYM"
fi
echo "sending: $TARGET_DESC, $(wc -c < "$W/body") bytes of body"
curl -sS -i --max-time 20 -X POST "$EP/" --aws-sigv4 "aws:amz:$REGION:kms" --user "$AK:$SK" \
  "$@" --data-binary @"$W/body" -o "$W/reply" 2>"$W/err"
rc=$?
status=""; type=""
if [ -f "$W/reply" ] && [ -s "$W/reply" ]; then
  status=$(sed -n '1s/^HTTP\/[0-9.]* \([0-9][0-9][0-9]\).*/\1/p' "$W/reply" | tr -d '\r')
  type=$(sed -n 's/.*"__type" *: *"\([^"]*\)".*/\1/p' "$W/reply" | head -n 1 | sed 's/:.*//; s/.*#//')
fi
echo "reply: ${status:-none} ${type} (curl exit $rc)"
sed -n '1,30p' "$W/reply" 2>/dev/null | cut -c1-300
case $rc in
  0) got=reply ;;
  28) got=timeout ;;
  7) echo "could not run: nothing answers at $EP"; exit 2 ;;
  52|56) got=closed ;;
  *) got=bad-reply ;;
esac
fault_error() { case "$1" in KMSInternalException|DependencyTimeoutException|KeyUnavailableException) return 0 ;; esac; return 1; }
shape_ok() {
  grep -qi '^x-amzn-requestid:' "$W/reply" || return 1
  grep -qi '^content-type: *application/x-amz-json-1.1' "$W/reply" || return 1
  [ -n "$type" ] || return 1
  case "$status" in 400) ;; 413) [ "$type" = RequestEntityTooLargeException ] || return 1 ;;
    5*) fault_error "$type" || return 1 ;; *) return 1 ;; esac
  return 0
}
# kc_not_success: the 2xx body is not a success output: not a JSON object (NaN and Infinity
# are not JSON), or an object with an error member.
kc_not_success() {
  sed '1,/^\r*$/d' "$W/reply" > "$W/rbody"
  if command -v python3 >/dev/null 2>&1; then
    python3 -c '
import json, sys
raw = open(sys.argv[1], "rb").read().strip()
if not raw: sys.exit(1)
def bad(c): raise ValueError(c)
try: d = json.loads(raw, parse_constant=bad)
except ValueError: sys.exit(0)
if not isinstance(d, dict): sys.exit(0)
sys.exit(0 if set(d) & {"__type", "message", "Message", "code", "Code"} else 1)' "$W/rbody"
  else
    grep -Eq '"(__type|message|Message|code|Code)"' "$W/rbody"
  fi
}
departure=no
case "$KIND" in
  5xx) [ "$got" = reply ] && [ "${status:-0}" -ge 500 ] && ! { fault_error "$type" && shape_ok; } && departure=yes ;;
  closed|timeout|bad-reply) [ "$got" != reply ] && departure=yes ;;
  2xx) [ "$got" = reply ] && [ "${status:-0}" -ge 200 ] && [ "${status:-0}" -lt 300 ] && departure=yes ;;
  type) [ "$got" = reply ] && { [ "$status" != 400 ] || [ "$type" != "$EXPECTED_TYPE" ]; } && departure=yes ;;
  shape) [ "$got" = reply ] && [ "${status:-0}" -ge 300 ] && ! shape_ok && departure=yes ;;
  disguised) [ "$got" = reply ] && [ "${status:-0}" -ge 200 ] && [ "${status:-0}" -lt 300 ] && \
      kc_not_success && departure=yes ;;
esac
if [ "$departure" = yes ]; then
  echo "DEPARTURE ($RULE): $WHAT"
  exit 1
fi
echo "no departure: the target answered as AWS does ($EXPECTED)"
exit 0
)sh";

// The python3 path: framing, signature, liveness.
constexpr std::string_view kPython = R"py(import base64, datetime, hashlib, hmac, json, os, re, socket, sys, time
from urllib.parse import urlsplit
ep = urlsplit(os.environ['EP']); host = ep.hostname; port = ep.port or 80
region = os.environ['REGION']; ak = os.environ['AK']; sk = os.environ['SK']
tok = os.environ.get('AWS_SESSION_TOKEN', '')
d = json.load(open(os.environ['DATA']))
def sign(target, ctype, body, sig='signed'):
    t = datetime.datetime.utcnow()
    if sig == 'stale-date': t -= datetime.timedelta(minutes=20)
    amz = t.strftime('%Y%m%dT%H%M%SZ'); day = amz[:8]
    h = [('Host', '%s:%d' % (host, port))]
    if ctype is not None: h.append(('Content-Type', ctype))
    if target is not None: h.append(('X-Amz-Target', target))
    if sig == 'unsigned': return h, body
    if tok: h.append(('X-Amz-Security-Token', tok))
    h.append(('X-Amz-Date', amz))
    names = sorted(set(n.lower() for n, _ in h))
    canon = ''.join('%s:%s\n' % (n, ','.join(' '.join(v.split()) for m, v in h if m.lower() == n)) for n in names)
    signed = ';'.join(names)
    creq = 'POST\n/\n\n%s\n%s\n%s' % (canon, signed, hashlib.sha256(body).hexdigest())
    scope = '%s/%s/kms/aws4_request' % (day, region)
    sts = 'AWS4-HMAC-SHA256\n%s\n%s\n%s' % (amz, scope, hashlib.sha256(creq.encode()).hexdigest())
    secret, key_id = sk, ak
    if sig == 'unknown-access-key': secret, key_id = 'kmsconform-not-a-secret', 'AKIDKMSCONFORMNOBODY'
    k = ('AWS4' + secret).encode()
    for p in (day, region, 'kms', 'aws4_request'): k = hmac.new(k, p.encode(), hashlib.sha256).digest()
    s = hmac.new(k, sts.encode(), hashlib.sha256).hexdigest()
    if sig == 'bad-signature': s = s[:-1] + ('1' if s[-1] == '0' else '0')
    h.append(('Authorization', 'AWS4-HMAC-SHA256 Credential=%s/%s, SignedHeaders=%s, Signature=%s' % (key_id, scope, signed, s)))
    if sig == 'body-changed-after-signing': body = body + b' '
    return h, body
def frame(h, body, mode):
    eol = '\n' if mode == 'bare-lf' else '\r\n'
    n = len(body); extra = []
    if mode in ('none', 'pipelined', 'half-closed', 'bare-lf'): extra = [('Content-Length', str(n))]
    elif mode == 'content-length-short': extra = [('Content-Length', str(n // 2))]
    elif mode == 'content-length-long': extra = [('Content-Length', str(n + 16))]
    elif mode == 'content-length-invalid': extra = [('Content-Length', str(n) + 'abc')]
    elif mode == 'content-length-twice': extra = [('Content-Length', str(n)), ('Content-Length', str(n + 1))]
    elif mode.startswith('chunked'):
        extra = [('Transfer-Encoding', 'chunked')]
        if mode == 'chunked-and-length': extra.append(('Content-Length', str(n + 5)))
    head = ('POST / HTTP/1.1' + eol + ''.join('%s: %s%s' % (a, b, eol) for a, b in h + extra) + eol).encode()
    if mode == 'chunked-bad-size': body = b'zz\r\n' + body + b'\r\n0\r\n\r\n'
    elif mode == 'chunked-truncated': body = ('%x\r\n' % n).encode() + body + b'\r\n'
    elif mode == 'chunked-and-length': body = ('%x\r\n' % n).encode() + body + b'\r\n0\r\n\r\n'
    one = head + body
    return one + one if mode == 'pipelined' else one
def read_reply(s, buf, deadline):
    def more():
        s.settimeout(max(0.01, deadline - time.time()))
        b = s.recv(65536)
        if not b: raise EOFError
        return b
    while b'\r\n\r\n' not in buf and b'\n\n' not in buf: buf += more()
    i = buf.find(b'\r\n\r\n'); j = 4
    if i < 0: i = buf.find(b'\n\n'); j = 2
    head, buf = buf[:i].decode('latin-1'), buf[i + j:]
    lines = head.splitlines(); status = int(lines[0].split()[1])
    hs = {}
    for l in lines[1:]:
        if ':' in l: a, b = l.split(':', 1); hs[a.strip().lower()] = b.strip()
    if 'chunked' in hs.get('transfer-encoding', ''):
        body = b''
        while True:
            while b'\r\n' not in buf: buf += more()
            line, buf = buf.split(b'\r\n', 1); size = int(line.split(b';')[0], 16)
            while len(buf) < size + 2: buf += more()
            body += buf[:size]; buf = buf[size + 2:]
            if size == 0: break
    elif 'content-length' in hs:
        n = int(hs['content-length'])
        while len(buf) < n: buf += more()
        body, buf = buf[:n], buf[n:]
    else:
        body = buf
        try:
            while True: body += more()
        except (EOFError, OSError): pass
        buf = b''
    return (status, hs, body), buf
def exchange(raw, mode, wait):
    s = socket.create_connection((host, port), timeout=wait)
    out = []
    try:
        s.sendall(raw)
        if mode in ('half-closed', 'content-length-long', 'chunked-truncated'): s.shutdown(socket.SHUT_WR)
        buf = b''; deadline = time.time() + wait
        for _ in range(2 if mode == 'pipelined' else 1):
            r, buf = read_reply(s, buf, deadline); out.append(r)
    except socket.timeout: out.append('timeout')
    except (EOFError, ConnectionError): out.append('closed')
    except (ValueError, IndexError): out.append('bad-reply')
    finally: s.close()
    return out
def call(target, body, wait=20):
    h, b = sign(target, 'application/x-amz-json-1.1', body)
    r = exchange(frame(h, b, 'none'), 'none', wait)[0]
    if isinstance(r, str): return r, {}
    try: return r, json.loads(r[2] or b'{}')
    except ValueError: return r, {}
def fresh_keys(data):
    fx = d['fixtures']
    def has(v): return v and v.encode() in data
    subs = []
    if has(fx['external_key_id']) or has(fx['external_key_arn']) or has(fx['import_token']):
        r, j = call('TrentService.CreateKey', b'{"Origin":"EXTERNAL","Description":"kmsconform fuzz reproducer"}')
        m = j.get('KeyMetadata') or {}
        if not m.get('KeyId'): print('could not run: setup: CreateKey (EXTERNAL):', r); sys.exit(2)
        if has(fx['import_token']):
            r, g = call('TrentService.GetParametersForImport', json.dumps({'KeyId': m['KeyId'], 'WrappingAlgorithm': 'RSAES_OAEP_SHA_256', 'WrappingKeySpec': 'RSA_2048'}).encode())
            if not g.get('ImportToken'): print('could not run: setup: GetParametersForImport:', r); sys.exit(2)
            subs.append((fx['import_token'], g['ImportToken']))
        subs += [(fx['external_key_arn'], m.get('Arn', '')), (fx['external_key_id'], m['KeyId'])]
    if has(fx['symmetric_key_id']) or has(fx['alias_name']) or has(fx['ciphertext']):
        r, j = call('TrentService.CreateKey', b'{"Description":"kmsconform fuzz reproducer"}')
        m = j.get('KeyMetadata') or {}
        if not m.get('KeyId'): print('could not run: setup: CreateKey:', r); sys.exit(2)
        if has(fx['alias_name']): call('TrentService.CreateAlias', json.dumps({'AliasName': fx['alias_name'], 'TargetKeyId': m['KeyId']}).encode())
        if has(fx['ciphertext']):
            r, e = call('TrentService.Encrypt', json.dumps({'KeyId': m['KeyId'], 'Plaintext': 'a21zY29uZm9ybQ=='}).encode())
            if not e.get('CiphertextBlob'): print('could not run: setup: Encrypt:', r); sys.exit(2)
            subs.append((fx['ciphertext'], e['CiphertextBlob']))
        subs.append((fx['symmetric_key_id'], m['KeyId']))
    return subs
def apply(data, subs):
    for a, b in subs:
        if a and b: data = data.replace(a.encode(), b.encode())
    return data
FAULT = ('KMSInternalException', 'DependencyTimeoutException', 'KeyUnavailableException')
def etype(r):
    try: t = json.loads(r[2]).get('__type', '')
    except (ValueError, AttributeError): t = ''
    return re.sub(r'.*#', '', t.split(':')[0])
def shape_ok(r):
    st, hs, body = r; t = etype(r)
    if 'x-amzn-requestid' not in hs or not hs.get('content-type', '').startswith('application/x-amz-json-1.1') or not t: return False
    if st == 400: return True
    if st == 413: return t == 'RequestEntityTooLargeException'
    return st >= 500 and t in FAULT
def departs(kind, r):
    if kind in ('closed', 'timeout', 'bad-reply'): return isinstance(r, str)
    if isinstance(r, str): return False
    st = r[0]
    if kind == '5xx': return st >= 500 and not (etype(r) in FAULT and shape_ok(r))
    if kind == '2xx': return 200 <= st < 300
    if kind == 'type': return st != 400 or etype(r) != d['expected_type']
    if kind == 'shape': return st >= 300 and not shape_ok(r)
    if kind == 'disguised':
        if not 200 <= st < 300 or not r[2].strip(): return False
        def bad(c): raise ValueError(c)
        try: d = json.loads(r[2], parse_constant=bad)
        except ValueError: return True
        return not isinstance(d, dict) or bool(set(d) & {'__type', 'message', 'Message', 'code', 'Code'})
    return False
def show(r):
    if isinstance(r, str): return r
    return 'HTTP %d %s %s' % (r[0], etype(r), r[2][:200].decode('utf-8', 'replace'))
try:
    if d.get('liveness'):
        r, j = call('TrentService.CreateKey', b'{"Origin":"EXTERNAL","Description":"kmsconform fuzz reproducer"}')
        before = (j.get('KeyMetadata') or {}).get('KeyId')
        if not before: print('could not run: setup: CreateKey:', show(r)); sys.exit(2)
        subs = [(d['fixtures']['external_key_arn'], ''), (d['fixtures']['external_key_id'], before)]
        for q in d['requests']:
            body = apply(base64.b64decode(q['body']), subs)
            h, b = sign(q['target'], q['content_type'], body, q['sig'])
            exchange(frame(h, b, q['framing']), q['framing'], 2 if q['framing'] != 'none' else 20)
        print('sent %d requests' % len(d['requests']))
        r, j = call('TrentService.CreateKey', b'{"Description":"kmsconform fuzz reproducer"}')
        new = (j.get('KeyMetadata') or {}).get('KeyId')
        bad = None
        if not new: bad = 'CreateKey: ' + show(r)
        else:
            for k, what in ((new, 'the new key'), (before, 'the key made before')):
                r, j = call('TrentService.DescribeKey', json.dumps({'KeyId': k}).encode())
                if isinstance(r, str) or r[0] != 200: bad = 'DescribeKey of %s: %s' % (what, show(r)); break
        if bad: print('DEPARTURE (%s): the target stopped answering correctly: %s' % (d['rule'], bad)); sys.exit(1)
        print('no departure: the target still answers'); sys.exit(0)
    q = d['requests'][0]
    body = base64.b64decode(q['body'])
    body = apply(body, fresh_keys(body))
    h, b = sign(q['target'], q['content_type'], body, q['sig'])
    print('sending: %s, framing %s, signature %s, %d bytes of body' % (q['target'], q['framing'], q['sig'], len(b)))
    out = exchange(frame(h, b, q['framing']), q['framing'], 2 if q['framing'] != 'none' else 20)
    for r in out: print('reply:', show(r))
    if any(departs(d['kind'], r) for r in out):
        print('DEPARTURE (%s): %s' % (d['rule'], d['what'])); sys.exit(1)
    print('no departure: the target answered as AWS does (%s)' % d['expected']); sys.exit(0)
except ConnectionRefusedError:
    print('could not run: nothing answers at', os.environ['EP']); sys.exit(2)
)py";

std::string SigName(SigMode m) {
  switch (m) {
    case SigMode::kSigned: return "signed";
    case SigMode::kUnsigned: return "unsigned";
    case SigMode::kBadSignature: return "bad-signature";
    case SigMode::kStaleDate: return "stale-date";
    case SigMode::kBodyAfterSigning: return "body-changed-after-signing";
    case SigMode::kUnknownAccessKey: return "unknown-access-key";
  }
  return "signed";
}

nlohmann::json RequestJson(const Built& b) {
  nlohmann::json q;
  q["target"] = b.target ? nlohmann::json(*b.target) : nlohmann::json(nullptr);
  q["content_type"] = b.content_type ? nlohmann::json(*b.content_type) : nlohmann::json(nullptr);
  q["body"] = Base64Encode(ByteView(reinterpret_cast<const std::uint8_t*>(b.body.data()), b.body.size()));
  q["framing"] = std::string(FramingName(b.framing));
  q["sig"] = SigName(b.sig);
  return q;
}

}  // namespace

Repro MakeRepro(const ReproInput& in) {
  Repro out;
  const Built& b = in.built;
  out.uses_curl = !in.liveness && b.framing == Framing::kNone && b.sig == SigMode::kSigned &&
                  (!b.target || b.target->find('\n') == std::string::npos) &&
                  (!b.content_type || b.content_type->find('\n') == std::string::npos);
  std::string s = Header(in, out.uses_curl);
  if (out.uses_curl) {
    out.data = b.body;
    s += "RULE=" + Quote(in.rule) + "\nKIND=" + Quote(in.kind) + "\nWHAT=" + Quote(OneLine(in.what)) +
         "\nEXPECTED=" + Quote(OneLine(in.expected)) + "\nEXPECTED_TYPE=" + Quote(in.expected_type) + "\n";
    s += "OLD_EXT=" + Quote(in.fixtures.external_key_id) + "\nOLD_EXT_ARN=" +
         Quote(in.fixtures.external_key_arn) + "\nOLD_SYM=" + Quote(in.fixtures.symmetric_key_id) +
         "\nOLD_ALIAS=" + Quote(in.fixtures.alias_name) + "\nOLD_TOKEN=" +
         Quote(in.fixtures.import_token) + "\nOLD_CT=" + Quote(in.fixtures.ciphertext) + "\n";
    // The request's own headers, as curl arguments (set --, then "$@").
    std::string args = "set --";
    const std::string desc = b.target ? *b.target : std::string("no X-Amz-Target");
    if (b.target) args += " -H " + Quote("X-Amz-Target: " + *b.target);
    // 'Content-Type:' with nothing after removes curl's default one.
    args += b.content_type ? " -H " + Quote("Content-Type: " + *b.content_type)
                           : std::string(" -H 'Content-Type:'");
    s += args + "\nTARGET_DESC=" + Quote(desc) + "\n";
    s += kCurlBody;
  } else {
    nlohmann::json d;
    d["rule"] = in.rule;
    d["kind"] = in.kind;
    d["what"] = OneLine(in.what);
    d["expected"] = OneLine(in.expected);
    d["expected_type"] = in.expected_type;
    d["liveness"] = in.liveness;
    d["fixtures"] = {{"external_key_id", in.fixtures.external_key_id},
                     {"external_key_arn", in.fixtures.external_key_arn},
                     {"symmetric_key_id", in.fixtures.symmetric_key_id},
                     {"alias_name", in.fixtures.alias_name},
                     {"import_token", in.fixtures.import_token},
                     {"ciphertext", in.fixtures.ciphertext}};
    nlohmann::json reqs = nlohmann::json::array();
    if (in.liveness) {
      for (const Built& x : in.burst) reqs.push_back(RequestJson(x));
    } else {
      reqs.push_back(RequestJson(b));
    }
    d["requests"] = std::move(reqs);
    out.data = d.dump(1, ' ', false, nlohmann::json::error_handler_t::replace);
    s += "command -v python3 >/dev/null 2>&1 || { echo \"needs python3\"; exit 2; }\n";
    s += "exec python3 - <<'KC_PYTHON'\n";
    s += kPython;
    s += "KC_PYTHON\n";
  }
  out.script = std::move(s);
  return out;
}

}  // namespace kc::mutate
