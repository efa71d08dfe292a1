#!/usr/bin/env python3
"""tests/package/package_test.py CASE: the installed files and the Debian package (label "package").

Cases (each one CTest test; tests/package/CMakeLists.txt passes the paths in the environment):
  help-docs   the man pages and bash completion hold every subcommand and option of --help
  install     cmake --install --prefix puts every file under the prefix; a second keeps the config
  deb         cpack builds the .deb; dpkg -x unpacks it into a scratch root (the fixture)
  contents    its files, control fields and dependencies; the unpacked programs index corpus/
              with the shipped configuration, search it and serve it
  lintian     lintian finds no error and no warning
  units       systemd-analyze verify and security on the units; the restart helper's logic
  upgrade     dpkg --root installs an older package, then this one, then removes and purges:
              the user, the conffile, the index across the upgrade, a clean purge
Exit 77 (CTest's SKIP_RETURN_CODE) when a tool is missing, naming the package that has it.
"""
import gzip
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

ENV = os.environ
BUILD = ENV.get("LANTERN_BINARY_DIR", "")
SOURCE = ENV.get("LANTERN_SOURCE_DIR", "")
VERSION = ENV.get("LANTERN_VERSION", "")
OUT = os.path.join(BUILD, "package-test")
ROOT = os.path.join(OUT, "root")   # the package unpacked by dpkg -x
CORPUS = os.path.join(SOURCE, "corpus")
SKIP = 77


def skip(why):
    print(f"SKIPPED: {why}")
    sys.exit(SKIP)


def need(tool, package):
    if shutil.which(tool) is None:
        skip(f"{tool} is not installed (Debian package {package}; scripts/deps installs it)")


def run(argv, check=True, **kw):
    r = subprocess.run(argv, capture_output=True, text=True, **kw)
    if check and r.returncode != 0:
        sys.exit(f"FAILED: {' '.join(argv)} exited {r.returncode}\n{r.stdout}\n{r.stderr}")
    return r


failures = []


def expect(ok, what):
    print(("ok    " if ok else "FAIL  ") + what)
    if not ok:
        failures.append(what)


def the_deb():
    debs = [f for f in os.listdir(OUT) if f.endswith(".deb")] if os.path.isdir(OUT) else []
    if len(debs) != 1:
        sys.exit(f"FAILED: expected one .deb in {OUT} (made by the package_deb test), found {debs}")
    return os.path.join(OUT, debs[0])


def from_help(program):
    r = run([sys.executable, os.path.join(SOURCE, "man/from-help"), "json", program])
    return json.loads(r.stdout)


def every_option(p):
    """(subcommand, option) for every option --help lists, the main command's as subcommand ""."""
    out = [("", n) for e in p["options"] for n in e["names"]]
    out += [(s["name"], n) for s in p["subcommands"] for e in s["options"] for n in e["names"]]
    return out


# --- help-docs ------------------------------------------------------------------------------

def complete(script, words):
    """What the completion function offers for the command line `words` (the last one being typed)."""
    fn = re.search(r"complete -o filenames -F (\S+) ", script).group(1)
    bash = f"{script}\nCOMP_WORDS=({' '.join(map(repr, words))}); COMP_CWORD={len(words) - 1}; {fn}; printf '%s\\n' \"${{COMPREPLY[@]}}\""
    return set(run(["bash", "-c", bash], cwd=tempfile.gettempdir()).stdout.split())


def case_help_docs():
    for program in ("lantern-index", "lantern-search"):
        binary = ENV[f"LANTERN_{program.split('-')[1].upper()}_BIN"]
        p = from_help(binary)
        with gzip.open(os.path.join(BUILD, "packaging/man", program + ".1.gz"), "rt") as f:
            page = f.read()
        text = page.replace("\\-", "-").replace("\\fB", "").replace("\\fR", "").replace("\\fI", "")
        r = run(["groff", "-man", "-ww", "-z", "-Tutf8"], input=page)
        expect(r.stderr == "", f"{program}.1: groff -man -ww reports nothing ({r.stderr.strip()})")
        for section in ("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "EXIT STATUS", "FILES", "SEE ALSO"):
            expect(f".SH {section}" in page, f"{program}.1 has a {section} section")
        for s in p["subcommands"]:
            expect(f".SS {s['name']}" in page, f"{program}.1 describes the subcommand {s['name']}")
        missing = [f"{sub} {opt}".strip() for sub, opt in every_option(p) if opt not in text]
        expect(not missing, f"{program}.1 names every option of --help ({len(every_option(p))}; missing: {missing})")
        codes = re.findall(r"\b(\d) ", " ".join(p["footer"].split()).split("Exit codes: ")[-1])
        expect(codes and all(f".B {c}\n" in page for c in codes), f"{program}.1 lists exit codes {codes}")

        with open(os.path.join(BUILD, "packaging/completions", program)) as f:
            script = f.read()
        for s in p["subcommands"]:
            expect(s["name"] in complete(script, [program, s["name"][:2]]), f"{program} {s['name'][:2]}<TAB> offers {s['name']}")
        commands = [("", p)] + [(s["name"], s) for s in p["subcommands"]]
        for name, c in commands:
            offered = complete(script, [program] + ([name] if name else []) + ["-"])
            wanted = {n for e in c["options"] for n in e["names"] if n.startswith("-")}
            expect(wanted <= offered, f"{program} {name} -<TAB> offers all {len(wanted)} options (missing: {sorted(wanted - offered)})")
        if program == "lantern-search":
            expect(complete(script, [program, "--color", ""]) == {"always", "auto", "never"}, "lantern-search --color <TAB> offers its three values")


# --- install --------------------------------------------------------------------------------

def case_install():
    with tempfile.TemporaryDirectory() as prefix:
        install = [ENV["LANTERN_CMAKE_COMMAND"], "--install", BUILD, "--prefix", prefix]
        run(install)
        for f in EXPECTED_FILES:
            installed = f.replace("usr/", "", 1) if f.startswith("usr/") else f   # the prefix stands for /usr
            expect(os.path.exists(os.path.join(prefix, installed)), f"cmake --install --prefix puts {installed} under the prefix")
        unit = open(os.path.join(prefix, "lib/systemd/system/lantern-search.service")).read()
        expect(f"ExecStart={prefix}/bin/lantern-search serve --config {prefix}/etc/lantern/lantern.toml" in unit,
               "its units name the programs and the configuration under that prefix")
        config = os.path.join(prefix, "etc/lantern/lantern.toml")
        with open(config, "a") as f:
            f.write("# edited\n")
        r = run(install)
        expect("# edited" in open(config).read() and "Kept:" in r.stdout, "installing again keeps an edited configuration")


# --- deb ------------------------------------------------------------------------------------

def case_deb():
    need("dpkg-deb", "dpkg")
    need("dpkg-shlibdeps", "dpkg-dev")
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    r = run([ENV["LANTERN_CPACK_COMMAND"], "--config", os.path.join(BUILD, "CPackConfig.cmake"), "-G", "DEB", "-B", OUT], cwd=BUILD)
    print(r.stdout.strip())
    run(["dpkg-deb", "-x", the_deb(), ROOT])
    expect(os.path.basename(the_deb()).startswith(f"lantern_{VERSION}_"), f"the package is lantern {VERSION}: {os.path.basename(the_deb())}")


# --- contents -------------------------------------------------------------------------------

EXPECTED_FILES = [
    "usr/bin/lantern-index", "usr/bin/lantern-search", "usr/libexec/lantern/lantern-search-server",
    "usr/share/lantern/thesaurus", "usr/share/lantern/safety-panel.toml",
    "usr/share/lantern/examples/lantern.toml", "usr/share/lantern/examples/mappings/medquad.toml",
    "usr/share/lantern/examples/mappings/lantern-article.toml", "usr/share/lantern/examples/mappings/cms-export.toml",
    "etc/lantern/lantern.toml",
    "usr/share/man/man1/lantern-index.1.gz", "usr/share/man/man1/lantern-search.1.gz",
    "usr/share/bash-completion/completions/lantern-index", "usr/share/bash-completion/completions/lantern-search",
    "lib/systemd/system/lantern-search.service", "lib/systemd/system/lantern-index.service",
    "lib/systemd/system/lantern-index.timer", "lib/systemd/system/lantern-index-full.service",
    "lib/systemd/system/lantern-index-full.timer", "usr/libexec/lantern/restart-search-if-replaced",
    "usr/lib/sysusers.d/lantern.conf",
    "usr/share/doc/lantern/copyright", "usr/share/doc/lantern/changelog.gz", "usr/share/doc/lantern/README.md",
    "usr/share/doc/lantern/deploy.md", "usr/share/doc/lantern/config.md",
]


def library_packages(binary):
    """The Debian packages holding the shared libraries `binary` names (its NEEDED entries, found
    where ldd finds them, then dpkg -S); the libraries those load in turn are theirs to depend on."""
    needed = re.findall(r"NEEDED\s+(\S+)", run(["objdump", "-p", binary]).stdout)
    where = dict(re.findall(r"^\s*(\S+) => (/\S+)", run(["ldd", binary]).stdout, re.M))
    packages = set()
    for name in needed:
        owner = ""
        # As ldd names it, then without symbolic links: dpkg knows the path each package ships
        # (/lib/... or /usr/lib/... on a merged /usr).
        # Twice: on a shared machine another session's apt may be rewriting dpkg's database.
        for path in ([where[name], os.path.realpath(where[name])] * 2 if name in where else []):
            owner = owner or run(["dpkg", "-S", path], check=False).stdout.split(":")[0]
        packages.add(owner or f"(no package has {name})")
    return packages


def shipped_config(db, pages, listen="127.0.0.1:0"):
    """The packaged /etc/lantern/lantern.toml with its two EDIT lines, db and listen changed."""
    with open(os.path.join(ROOT, "etc/lantern/lantern.toml")) as f:
        text = f.read()
    text = re.sub(r'(?m)^db = ".*?"', f'db = "{db}"', text)
    text = re.sub(r'(?m)^path = ".*?"', f'path = "{pages}"', text)
    text = re.sub(r'(?m)^url_base = ".*?"', 'url_base = "https://riverbend.example/"', text)
    text = re.sub(r'(?m)^listen = ".*?"', f'listen = "{listen}"', text)
    text = text.replace("#mappings = [\"/usr/share/lantern/examples/mappings/medquad.toml\"]",
                        f"mappings = [\"{ROOT}/usr/share/lantern/examples/mappings/lantern-article.toml\", "
                        f"\"{ROOT}/usr/share/lantern/examples/mappings/cms-export.toml\"]")
    return text


def case_contents():
    deb = the_deb()
    listed = {l.split()[-1].lstrip("./") for l in run(["dpkg-deb", "-c", deb]).stdout.splitlines()}
    missing = [f for f in EXPECTED_FILES if f not in listed]
    expect(not missing, f"the package holds the {len(EXPECTED_FILES)} files docs/deploy.md lists (missing: {missing})")
    expect(not any(f.startswith("usr/local") for f in listed), "nothing under /usr/local")
    control = os.path.join(OUT, "control")
    shutil.rmtree(control, ignore_errors=True)
    run(["dpkg-deb", "-e", deb, control])
    conffiles = open(os.path.join(control, "conffiles")).read().split()
    expect(conffiles == ["/etc/lantern/lantern.toml"], f"conffiles: /etc/lantern/lantern.toml ({conffiles})")
    depends = run(["dpkg-deb", "-f", deb, "Depends"]).stdout
    names = {d.strip().split()[0] for d in depends.split(",")}
    for binary, built in (("usr/bin/lantern-index", ENV["LANTERN_INDEX_BIN"]), ("usr/bin/lantern-search", ENV["LANTERN_SEARCH_BIN"]),
                          ("usr/libexec/lantern/lantern-search-server", ENV["LANTERN_SERVER_BIN"])):
        # The build tree's binary: the same libraries as the packaged one, and ldd can resolve it here.
        needed = library_packages(built)
        expect(needed and needed <= names, f"Depends names the package of every library {binary} loads ({sorted(needed - names)} missing)")
    for p in ("wamerican", "hunspell-en-med", "adduser"):
        expect(p in names, f"Depends names {p}")

    index, search = os.path.join(ROOT, "usr/bin/lantern-index"), os.path.join(ROOT, "usr/bin/lantern-search")
    expect(run([index, "--version"]).stdout.strip() == f"lantern-index {VERSION}", "lantern-index --version")
    expect(run([search, "--version"]).stdout.strip() == f"lantern-search {VERSION}", "lantern-search --version")
    with tempfile.TemporaryDirectory() as tmp:
        config = os.path.join(tmp, "lantern.toml")
        with open(config, "w") as f:
            f.write(shipped_config(os.path.join(tmp, "index"), CORPUS))
        r = run([index, "build", "--config", config, "--quiet"])
        expect(" 0 failed" in r.stdout and "warning" not in r.stderr, f"the unpacked lantern-index builds corpus/ with the shipped configuration: {r.stdout.strip()}")
        stats = json.loads(run([index, "stats", "--db", os.path.join(tmp, "index"), "--json"]).stdout)
        expect(stats["thesaurus"]["path"] == os.path.realpath(os.path.join(ROOT, "usr/share/lantern/thesaurus"))
               and stats["thesaurus"]["bundled"], f"it compiled in the package's thesaurus ({stats['thesaurus']['path']})")
        expect(stats["safety_panel"]["bundled"] and stats["safety_panel"]["path"].startswith(os.path.realpath(ROOT)),
               "and the package's safety panel")
        found = json.loads(run([search, "--db", os.path.join(tmp, "index"), "--json", "zimhi"]).stdout)
        expect(found["results"] and found["results"][0]["id"].endswith("overdose/naloxone.html"),
               "the unpacked lantern-search finds the naloxone page for a brand only the thesaurus names")
        server = subprocess.Popen([search, "serve", "--config", config], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            url = re.search(r"http://\S+/", server.stdout.readline()).group(0)
            page = urllib.request.urlopen(url + "?q=naloxone", timeout=10).read().decode()
            widget = urllib.request.urlopen(url + "widget.js", timeout=10)
            expect("naloxone" in page.lower() and widget.status == 200,
                   f"lantern-search serve --config answers the search page and /widget.js (compiled in) at {url}")
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=10)
    r = run(["man", "-l", os.path.join(ROOT, "usr/share/man/man1/lantern-index.1.gz")], env=dict(ENV, MANWIDTH="80"))
    expect("lantern-index build" in r.stdout and "EXIT STATUS" in r.stdout, "man -l renders the installed lantern-index(1)")


# --- lintian --------------------------------------------------------------------------------

def case_lintian():
    need("lintian", "lintian")
    r = run(["lintian", "--fail-on", "error,warning", "--info", the_deb()], check=False)
    print(r.stdout, r.stderr)
    expect(r.returncode == 0, "lintian: no error and no warning (docs/deploy.md explains the info tags)")


# --- units ----------------------------------------------------------------------------------

UNITS = ["lantern-search.service", "lantern-index.service", "lantern-index.timer", "lantern-index-full.service", "lantern-index-full.timer"]
# What docs/deploy.md promises of each unit.
UNIT_LINES = {
    "lantern-search.service": ["User=lantern", "ExecStart=/usr/bin/lantern-search serve --config /etc/lantern/lantern.toml",
                               "NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes", "ReadOnlyPaths=/var/lib/lantern",
                               "PrivateTmp=yes", "Restart=on-failure", "RestartPreventExitStatus=2 3"],
    "lantern-index.service": ["Type=oneshot", "User=lantern", "StateDirectory=lantern",
                              "ExecStart=/usr/bin/lantern-index build --config /etc/lantern/lantern.toml --wait",
                              "ExecStopPost=+/usr/libexec/lantern/restart-search-if-replaced", "ProtectSystem=strict"],
    "lantern-index-full.service": ["ExecStart=/usr/bin/lantern-index build --config /etc/lantern/lantern.toml --wait --full"],
    "lantern-index.timer": ["OnCalendar=*-*-* 02:30", "Persistent=true", "WantedBy=timers.target"],
    "lantern-index-full.timer": ["OnCalendar=Sun *-*-* 03:30", "Persistent=true"],
}
MAX_EXPOSURE = 2.0   # systemd-analyze security: 1.5 and 1.1 when written (0 best, 10 worst)


def fake_systemctl(folder, pid, failed):
    """A systemctl that answers as systemd would for a server of main process `pid`, and logs."""
    path = os.path.join(folder, "systemctl")
    with open(path, "w") as f:
        f.write(f"""#!/bin/sh
echo "$*" >> {folder}/calls
case "$*" in
  "-q is-failed lantern-search.service") exit {0 if failed else 1} ;;
  "-q is-active lantern-search.service") exit 0 ;;
  "show --property MainPID --value lantern-search.service") echo {pid} ;;
esac
exit 0
""")
    os.chmod(path, 0o755)


def restart_helper_calls(exit_status, failed=False, replaced=False):
    """The systemctl calls restart-search-if-replaced makes after a build that exited `exit_status`."""
    with tempfile.TemporaryDirectory() as tmp:
        program = os.path.join(tmp, "server")
        shutil.copy("/bin/sleep", program)   # a process whose program file can be deleted, as an upgrade does
        server = subprocess.Popen([program, "30"])
        try:
            if replaced:
                os.remove(program)
            fake_systemctl(tmp, server.pid, failed)
            subprocess.run([os.path.join(ROOT, "usr/libexec/lantern/restart-search-if-replaced")],
                           env=dict(ENV, PATH=f"{tmp}:{ENV['PATH']}", EXIT_STATUS=str(exit_status)), check=True, capture_output=True)
            calls = open(os.path.join(tmp, "calls")).read().splitlines() if os.path.exists(os.path.join(tmp, "calls")) else []
        finally:
            server.kill()
            server.wait()
    return [c for c in calls if c.split()[0] in ("restart", "try-restart", "reset-failed")]


def case_units():
    need("systemd-analyze", "systemd")
    if not os.path.exists("/lib/systemd/system/sysinit.target"):
        skip("systemd's own units are not installed (Debian package systemd; scripts/deps installs it)")
    units = os.path.join(ROOT, "lib/systemd/system")
    for unit, lines in UNIT_LINES.items():
        text = open(os.path.join(units, unit)).read().splitlines()
        missing = [l for l in lines if l not in text]
        expect(not missing, f"{unit} has {len(lines)} lines docs/deploy.md describes (missing: {missing})")
    # systemd-analyze verify --root wants systemd's units beside ours (sysinit.target, ...): a copy
    # of the unpacked package with the host's units added. MANPATH: it checks Documentation=man:.
    with tempfile.TemporaryDirectory() as tmp:
        root = os.path.join(tmp, "root")
        shutil.copytree(ROOT, root, symlinks=True)
        for f in os.listdir("/lib/systemd/system"):
            source, target = os.path.join("/lib/systemd/system", f), os.path.join(root, "lib/systemd/system", f)
            if not os.path.isdir(source) and not os.path.lexists(target):   # the .wants folders are not needed
                shutil.copy2(source, target, follow_symlinks=False)
        r = run(["systemd-analyze", "verify", f"--root={root}"] + UNITS, check=False, cwd=tmp,
                env=dict(ENV, MANPATH=os.path.join(root, "usr/share/man")))
        expect(r.returncode == 0 and r.stderr.strip() == "" and r.stdout.strip() == "",
               f"systemd-analyze verify: no complaint about the units ({r.stdout.strip()} {r.stderr.strip()})")
        for unit in ("lantern-search.service", "lantern-index.service"):
            r = run(["systemd-analyze", "security", "--offline=yes", f"--root={root}", unit], check=False, cwd=tmp)
            m = re.search(r"Overall exposure level for \S+: ([\d.]+)", r.stdout)
            expect(m is not None and float(m.group(1)) <= MAX_EXPOSURE,
                   f"systemd-analyze security {unit}: exposure {m.group(1) if m else '?'} (at most {MAX_EXPOSURE})")
    # The restart helper, with a systemctl that logs: restart only when the build finished and the
    # server runs a replaced program (or failed).
    expect(restart_helper_calls(0) == [], "after a build, a server running the installed program is left alone")
    expect(restart_helper_calls(0, replaced=True) == ["try-restart lantern-search.service"],
           "after a build, a server whose program an upgrade replaced is restarted")
    expect(restart_helper_calls(1, replaced=True) == ["try-restart lantern-search.service"],
           "also when some files failed (exit 1): the build switched releases")
    expect(restart_helper_calls(3, replaced=True) == [], "not when the build did not finish (exit 3): the old release is live")
    expect(restart_helper_calls(0, failed=True) == ["reset-failed lantern-search.service", "restart lantern-search.service"],
           "a server that had failed (started by a new version on an old index) is started again")


# --- upgrade --------------------------------------------------------------------------------

def tree_state(folder):
    """Every file under `folder` with its content hash, size, time and owner."""
    state = {}
    for base, _, files in os.walk(folder):
        for f in files:
            p = os.path.join(base, f)
            st = os.lstat(p)
            with open(p, "rb") as fh:
                state[os.path.relpath(p, folder)] = (hashlib.sha256(fh.read()).hexdigest(), st.st_size, st.st_mtime_ns, st.st_uid)
    return state


def older_package(deb, folder):
    """The same package as version 0.0.1 whose conffile differs: what an upgrade starts from."""
    tree = os.path.join(folder, "old")
    run(["dpkg-deb", "-R", deb, tree])
    control = os.path.join(tree, "DEBIAN/control")
    text = re.sub(r"(?m)^Version: .*$", "Version: 0.0.1", open(control).read())
    open(control, "w").write(text)
    conffile = os.path.join(tree, "etc/lantern/lantern.toml")
    with open(conffile, "a") as f:
        f.write("# (the configuration as version 0.0.1 shipped it)\n")
    md5 = hashlib.md5(open(conffile, "rb").read()).hexdigest()
    sums = os.path.join(tree, "DEBIAN/md5sums")
    open(sums, "w").write(re.sub(r"(?m)^\w+(  etc/lantern/lantern.toml)$", md5 + r"\1", open(sums).read()))
    old = os.path.join(folder, "lantern_0.0.1.deb")
    run(["dpkg-deb", "--root-owner-group", "-b", tree, old])
    return old


def dpkg(root, *args):
    # --force-script-chrootless: the maintainer scripts run here with DPKG_ROOT=root (they honour it);
    # --force-depends: the scratch root has none of the libraries, which the host provides.
    return run(["dpkg", f"--root={root}", "--force-script-chrootless", "--force-not-root", "--force-depends",
                "--force-confold", "--log=/dev/null"] + list(args))


def case_upgrade():
    if os.geteuid() != 0:
        skip("dpkg --root must set file owners: run as root (CI does)")
    need("systemd-sysusers", "systemd")
    deb = the_deb()
    with tempfile.TemporaryDirectory() as tmp:
        root = os.path.join(tmp, "root")
        for d in ("var/lib/dpkg/info", "var/lib/dpkg/updates", "var/lib/dpkg/triggers", "etc"):
            os.makedirs(os.path.join(root, d))
        for f in ("status", "available"):
            open(os.path.join(root, "var/lib/dpkg", f), "w").close()
        old = older_package(deb, tmp)

        dpkg(root, "-i", old)
        passwd = open(os.path.join(root, "etc/passwd")).read()
        m = re.search(r"(?m)^lantern:x:(\d+):(\d+):[^:]*:/var/lib/lantern:/usr/sbin/nologin$", passwd)
        expect(m is not None, f"postinst made the lantern system user, home /var/lib/lantern, no shell ({passwd.strip()})")
        state = os.path.join(root, "var/lib/lantern")
        expect(m is not None and os.stat(state).st_uid == int(m.group(1)), "and /var/lib/lantern, owned by it")

        # The administrator edits the configuration and the first build writes the index.
        conffile = os.path.join(root, "etc/lantern/lantern.toml")
        with open(conffile, "a") as f:
            f.write("# edited by the administrator\n")
        run([os.path.join(root, "usr/bin/lantern-index"), "build", "--quiet", "--db", os.path.join(state, "index"),
             os.path.join(CORPUS, "site")])
        before = tree_state(state)

        dpkg(root, "-i", deb)
        status = open(os.path.join(root, "var/lib/dpkg/status")).read()
        expect(f"Version: {VERSION}" in status, f"upgraded to {VERSION}")
        expect("# edited by the administrator" in open(conffile).read(), "the upgrade kept the edited /etc/lantern/lantern.toml")
        expect(os.path.exists(conffile + ".dpkg-dist"), "and left the new packaged one beside it (.dpkg-dist)")
        expect(tree_state(state) == before, f"and left every file of /var/lib/lantern as it was ({len(before)} files)")
        r = run([os.path.join(root, "usr/bin/lantern-search"), "--db", os.path.join(state, "index"), "--json", "naloxone"])
        expect(len(json.loads(r.stdout)["results"]) > 0, "the upgraded lantern-search answers from the kept index")

        dpkg(root, "-r", "lantern")
        expect(not os.path.exists(os.path.join(root, "usr/bin/lantern-search")), "remove: the programs are gone")
        expect(os.path.exists(conffile) and tree_state(state) == before, "remove: the configuration and the index stay")

        dpkg(root, "-P", "lantern")
        left = [os.path.relpath(os.path.join(b, f), root) for b, _, fs in os.walk(root) for f in fs
                if not os.path.relpath(b, root).startswith(("var/lib/dpkg", "etc"))]
        expect(not os.path.exists(conffile) and not os.path.exists(state), "purge: /etc/lantern/lantern.toml and /var/lib/lantern are gone")
        expect(left == [], f"purge: nothing of the package is left ({left})")
        expect("lantern:x:" in open(os.path.join(root, "etc/passwd")).read(), "purge keeps the lantern user (Debian's advice)")


CASES = {"help-docs": case_help_docs, "install": case_install, "deb": case_deb, "contents": case_contents, "lintian": case_lintian,
         "units": case_units, "upgrade": case_upgrade}

if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in CASES:
        sys.exit(__doc__)
    CASES[sys.argv[1]]()
    if failures:
        sys.exit(f"{len(failures)} check(s) failed")
    print("passed")
