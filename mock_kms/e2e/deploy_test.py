"""mock_kms/deploy/ without Docker or systemd: the image's build steps are the repository's
scripts, so this test runs them directly and checks what they lay out, then starts the result
with the settings of the Dockerfile, of docker-compose.yml and of the systemd unit, and checks
the health check script against it (DESIGN.md, "The two programs"; README, "mock-kms as a
drop-in emulator").

  1. scripts/install-deps --minimal finds everything installed (with apt-get and sudo
     replaced by stubs, so a test never installs anything);
  2. mock_kms/deploy/build-runtime-root SOURCE BUILD ROOT (BUILD: this test's build tree,
     with KC_PREBUILT=1: installed as built) lays out the runtime files, and its
     runtime-packages name the package of every library the binary links;
  3. the binary under ROOT starts from each deploy file's MOCK_KMS_* settings alone (the
     container-only ones, address, port and paths, mapped to this machine), warns about no
     unknown variable, and healthcheck sees it healthy (and unhealthy once it stopped);
  4. the paths the Dockerfile, the compose file and the unit name exist under ROOT.
"""

import os
import re
import shutil
import stat
import subprocess
import sys

import mockkms

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))
DEPLOY = os.path.join(SOURCE, "mock_kms", "deploy")


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          timeout=kw.pop("timeout", 600), **kw)


def install_deps(c, work):
    stubs = os.path.join(work, "stubs")
    os.makedirs(stubs)
    for name in ["sudo", "apt-get"]:
        path = os.path.join(stubs, name)
        with open(path, "w") as f:
            f.write(f"#!/bin/sh\necho \"stub {name} called: $*\" >&2\nexit 9\n")
        os.chmod(path, 0o755)
    env = dict(os.environ, PATH=stubs + os.pathsep + os.environ.get("PATH", ""))
    p = run(["sh", os.path.join(SOURCE, "scripts", "install-deps"), "--minimal"], env=env)
    c.equal(p.returncode, 0, "install-deps --minimal exit code")
    c.check("all dependencies are installed" in p.stdout,
            "install-deps --minimal finds everything installed (else run scripts/install-deps)",
            p.stdout + p.stderr)
    p = run(["sh", os.path.join(SOURCE, "scripts", "install-deps"), "--bogus"], env=env)
    c.equal(p.returncode, 2, "install-deps --bogus exit code")


def needed_packages(binary):
    """The Debian package of each library the binary names as NEEDED, found through ldd
    and dpkg -S (independently of dpkg-shlibdeps)."""
    needed = re.findall(r"NEEDED\s+(\S+)", run(["objdump", "-p", binary]).stdout)
    paths = dict(re.findall(r"^\s*(\S+) => (\S+)", run(["ldd", binary]).stdout, re.M))
    packages = {}
    for soname in needed:
        path = paths.get(soname)
        candidates = [] if path is None else [path, os.path.realpath(path)]
        # usrmerge: a library found under /lib is registered under /usr/lib, or the reverse.
        for p in list(candidates):
            candidates.append(p[4:] if p.startswith("/usr/") else "/usr" + p)
        owner = None
        for p in candidates:
            out = run(["dpkg", "-S", p])
            if out.returncode == 0:
                owner = out.stdout.split(":")[0].strip()
                break
        packages[soname] = owner
    return packages


def build_root(c, work):
    build = os.path.dirname(os.path.dirname(mockkms.binary()))
    if not os.path.isfile(os.path.join(build, "CMakeCache.txt")):
        c.check(False, f"KC_MOCK_KMS is not in a build tree ({build})")
        return None
    root = os.path.join(work, "root")
    # KC_PREBUILT=1: install what this build holds, without building (a test must not
    # relink the binaries other tests are running); the rest is what the image's build does.
    p = run([os.path.join(DEPLOY, "build-runtime-root"), SOURCE, build, root],
            env=dict(os.environ, KC_PREBUILT="1"), timeout=1800)
    c.equal(p.returncode, 0, "build-runtime-root exit code")
    if p.returncode != 0:
        print(p.stdout[-3000:], p.stderr[-3000:])
        return None
    for rel, mode in [("usr/bin/mock-kms", stat.S_IXUSR),
                      ("usr/share/mock-kms/healthcheck", stat.S_IXUSR),
                      ("usr/share/man/man1/mock-kms.1.gz", 0),
                      ("usr/lib/systemd/system/mock-kms.service", 0),
                      ("usr/share/mock-kms/runtime-packages", 0)]:
        path = os.path.join(root, rel)
        c.check(os.path.isfile(path) and (os.stat(path).st_mode & mode) == mode,
                f"build-runtime-root lays out {rel}")
    c.check(not os.path.exists(os.path.join(root, "usr/bin/kmsconform")),
            "the mock-kms component holds no kmsconform")
    binary = os.path.join(root, "usr/bin/mock-kms")
    if not os.path.isfile(binary):
        return None
    c.check("debug_info" not in run(["objdump", "-h", binary]).stdout,
            "the runtime binary is stripped")
    c.equal(run([binary, "--version"]).stdout, run([mockkms.binary(), "--version"]).stdout,
            "the runtime binary is the build's (--version)")
    with open(os.path.join(root, "usr/share/mock-kms/runtime-packages")) as f:
        listed = f.read().split()
    c.check(all(not p.endswith("-dev") for p in listed), "no -dev package at run time", listed)
    for soname, package in needed_packages(binary).items():
        c.check(package is not None and package in listed,
                f"runtime-packages has the package of {soname}", f"{package} not in {listed}")
    for package in ["libssl3", "libcpp-httplib0.11"]:
        c.check(package in listed, f"runtime-packages names {package}", listed)
    # The runtime stage's `xargs -a runtime-packages apt-get install`, simulated: every name
    # is a package apt knows.
    if shutil.which("apt-get") and listed:
        p = run(["apt-get", "install", "-s", "-q", "--no-install-recommends", *listed], timeout=120)
        c.check(p.returncode == 0, "apt-get install -s of runtime-packages", p.stderr[-500:])
    with open(os.path.join(root, "usr/lib/systemd/system/mock-kms.service")) as f:
        c.check("ExecStart=/usr/bin/mock-kms\n" in f.read(),
                "the installed unit starts /usr/bin/mock-kms (prefix /usr)")
    return root


def dockerfile_settings():
    text = open(os.path.join(DEPLOY, "Dockerfile")).read().replace("\\\n", " ")
    env = {}
    for line in text.splitlines():
        if line.startswith("ENV "):
            env.update(re.findall(r"(MOCK_KMS_\w+)=(\S+)", line))
    paths = re.findall(r'"(/usr/[^"]+)"', text)  # HEALTHCHECK, ENTRYPOINT
    return env, paths


def compose_settings():
    import yaml  # python3-yaml; the caller skips this part without it
    doc = yaml.safe_load(open(os.path.join(DEPLOY, "docker-compose.yml")))
    service = doc["services"]["mock-kms"]
    env = {k: str(v) for k, v in service["environment"].items()}
    paths = [p for p in service["healthcheck"]["test"] if p.startswith("/")]
    return env, paths


def unit_settings():
    env, paths = {}, []
    for line in open(os.path.join(DEPLOY, "mock-kms.service")):
        m = re.match(r"Environment=(MOCK_KMS_\w+)=(\S*)$", line.strip())
        if m:
            env[m.group(1)] = m.group(2)
        m = re.match(r"ExecStart=(\S+)", line.strip())
        if m:
            paths.append(m.group(1))
    return env, paths


def start_with(c, root, work, what, settings):
    """Starts ROOT's mock-kms from `settings` alone; the container-only values are mapped:
    any address to 127.0.0.1, the port to 0, /var paths into `work`."""
    c.check(all(k.startswith("MOCK_KMS_") for k in settings), f"{what}: MOCK_KMS_* only")
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOCK_KMS_")}
    for k, v in settings.items():
        if k == "MOCK_KMS_HOST":
            c.check(v in ("0.0.0.0", "127.0.0.1"), f"{what}: listens on {v}")
            v = "127.0.0.1"
        elif k == "MOCK_KMS_PORT":
            c.equal(v, "9566", f"{what}: the default port")
            v = "0"
        elif v.startswith("/var/"):
            v = os.path.join(work, what, v.lstrip("/"))
            os.makedirs(os.path.dirname(v) if "." in os.path.basename(v) else v, exist_ok=True)
        env[k] = v
    # A warm cache where the settings name one, so the test waits for no RSA key generation.
    shared = os.environ.get("KC_E2E_CACHE", "")
    if "MOCK_KMS_KEY_CACHE" in settings and os.path.isfile(shared):
        shutil.copyfile(shared, env["MOCK_KMS_KEY_CACHE"])
    env.setdefault("MOCK_KMS_PORT", "0")
    binary = os.path.join(root, "usr/bin/mock-kms")
    try:
        mock = mockkms.MockKms(env=env, program=binary, port_flag=False)
    except RuntimeError as e:
        c.check(False, f"{what}: mock-kms starts from its settings", str(e))
        return
    health = os.path.join(root, "usr/share/mock-kms/healthcheck")
    with mock:
        status, _, body = mock.request(None, "", method="GET", path="/_mock/health")
        c.equal(status, 200, f"{what}: GET /_mock/health")
        profile = settings.get("MOCK_KMS_PROFILE", "2022")
        c.check(f'"profile":"{profile}"' in body, f"{what}: the profile it was given", body)
        p = run(["bash", health], env=dict(env, MOCK_KMS_PORT=str(mock.port)), timeout=30)
        c.equal(p.returncode, 0, f"{what}: healthcheck of a running mock")
        p = run(["bash", health, str(mock.port)], env=dict(env, MOCK_KMS_HOST="0.0.0.0"),
                timeout=30)
        c.equal(p.returncode, 0, f"{what}: healthcheck PORT, wildcard host")
        stderr = mock.stderr_text()
        c.check("ignoring" not in stderr, f"{what}: no unknown MOCK_KMS_* variable", stderr)
    p = run(["bash", health, str(mock.port)], timeout=30)
    c.equal(p.returncode, 1, f"{what}: healthcheck of a stopped mock")


def verify_unit(c, root, work):
    """systemd-analyze verify of the installed unit (its ExecStart pointed at ROOT's binary,
    the man page of Documentation= found under ROOT)."""
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        print("note: no systemd-analyze: the unit's syntax is not verified")
        return
    unit = open(os.path.join(root, "usr/lib/systemd/system/mock-kms.service")).read()
    path = os.path.join(work, "mock-kms.service")
    with open(path, "w") as f:
        f.write(unit.replace("/usr/bin/mock-kms", os.path.join(root, "usr/bin/mock-kms")))
    env = dict(os.environ, MANPATH=os.path.join(root, "usr/share/man"))
    p = run([analyze, "verify", path], env=env, timeout=60)
    c.check(p.returncode == 0 and p.stderr.strip() == "", "systemd-analyze verify mock-kms.service",
            p.stdout + p.stderr)


def non_loopback_warning(c, root):
    # 192.0.2.1 (TEST-NET-1) is not an address of this machine: the mock warns, then cannot
    # bind, so nothing is exposed.
    env = dict(os.environ, MOCK_KMS_HOST="192.0.2.1", MOCK_KMS_PORT="0")
    p = run([os.path.join(root, "usr/bin/mock-kms")], env=env, timeout=30)
    c.check("warning: listening on 192.0.2.1, not a loopback address" in p.stderr,
            "a host that is not loopback draws a warning on stderr", p.stderr)
    c.equal(p.returncode, 2, "a host it cannot bind: exit code")


def main():
    c = mockkms.Checker("deploy_test")
    work = mockkms.temp_dir("mock-kms-deploy-")
    install_deps(c, work)
    root = build_root(c, work)
    if root is not None:
        env, paths = dockerfile_settings()
        for p in paths:
            c.check(os.path.isfile(os.path.join(root, p.lstrip("/"))), f"Dockerfile: {p} exists")
        start_with(c, root, work, "Dockerfile", env)
        env, paths = unit_settings()
        for p in paths:
            c.check(os.path.isfile(os.path.join(root, p.lstrip("/"))), f"unit: {p} exists")
        start_with(c, root, work, "systemd unit", env)
        verify_unit(c, root, work)
        try:
            env, paths = compose_settings()
        except ImportError:
            print("note: no python3-yaml: docker-compose.yml not checked")
        else:
            for p in paths:
                c.check(os.path.isfile(os.path.join(root, p.lstrip("/"))),
                        f"docker-compose.yml: {p} exists")
            start_with(c, root, work, "docker-compose.yml", env)
        non_loopback_warning(c, root)
    shutil.rmtree(work, ignore_errors=True)
    c.finish()


if __name__ == "__main__":
    sys.exit(main())
