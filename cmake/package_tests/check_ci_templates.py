#!/usr/bin/python3
"""CTest package.ci_templates: the vendor CI templates under examples/ci/ are valid and run.

usage: check_ci_templates.py EXAMPLES_CI_DIR VMQKIT PLUGIN SCRATCH

Each template must parse as YAML and have the shape its CI system reads (GitHub Actions: on, jobs,
runs-on, steps with uses/run, a shard matrix 0..N-1 matching SHARDS, a JUnit publishing step;
GitLab CI: a job with script, parallel: N and artifacts:reports:junit). Every `vmqkit conform` line
must use only options `vmqkit conform --help` lists, and --dut, --junit, --json and --shard at
least; then the conform step of each template is run as written (one shard, PLUGIN as $DUT) and
must leave its JUnit and JSON reports behind.
"""
import os
import re
import shlex
import subprocess
import sys

import yaml

problems = []


def need(ok, what):
    if not ok:
        problems.append(what)
    return ok


def nonempty(path):
    return os.path.isfile(path) and os.path.getsize(path) > 0


def conform_options(vmqkit):
    help_text = subprocess.run([vmqkit, "conform", "--help"], capture_output=True, text=True,
                               check=True).stdout
    return set(re.findall(r"(--[a-z][a-z0-9-]*)", help_text))


def check_conform_line(where, command, known):
    used = set(re.findall(r"(?<![\w-])(--[a-z][a-z0-9-]*)", command))
    for option in sorted(used - known):
        problems.append(f"{where}: vmqkit conform has no option {option}")
    for option in ("--dut", "--junit", "--json", "--shard"):
        need(option in used, f"{where}: the conform step does not pass {option}")


def run_step(where, script, env, cwd):
    result = subprocess.run(["/bin/bash", "-euo", "pipefail", "-c", script], env=env, cwd=cwd,
                            capture_output=True, text=True, timeout=300)
    need(result.returncode == 0,
         f"{where}: the conform step exited {result.returncode}:\n{result.stdout}{result.stderr}")


def check_github(path, known, env, scratch):
    doc = yaml.safe_load(open(path))
    # YAML 1.1 reads the key `on` as true.
    need(isinstance(doc, dict) and ("on" in doc or True in doc), f"{path}: no `on` trigger")
    jobs = doc.get("jobs", {})
    if not need(isinstance(jobs, dict) and jobs, f"{path}: no jobs"):
        return
    shards = int(doc.get("env", {}).get("SHARDS", 0))
    for name, job in jobs.items():
        need("runs-on" in job, f"{path}: job {name} has no runs-on")
        matrix = job.get("strategy", {}).get("matrix", {})
        need(matrix.get("shard") == list(range(shards)) and shards > 1,
             f"{path}: job {name}: matrix.shard is not 0..SHARDS-1")
        steps = job.get("steps", [])
        need(all(("uses" in s) != ("run" in s) for s in steps),
             f"{path}: job {name}: a step needs exactly one of uses/run")
        need(any("junit" in s.get("uses", "") for s in steps),
             f"{path}: job {name}: no step publishes the JUnit report")
        conform = [s["run"] for s in steps if "vmqkit conform" in s.get("run", "")]
        if need(len(conform) == 1, f"{path}: job {name}: not one conform step"):
            command = conform[0].replace("${{ matrix.shard }}", str(shards - 1))
            check_conform_line(f"{path}: job {name}", command, known)
            step_env = dict(env, SHARDS=str(shards), SEED="1")
            run_step(f"{path}: job {name}", command, step_env, scratch)
            for report in (f"conform-{shards - 1}.xml", f"conform-{shards - 1}.json"):
                need(nonempty(os.path.join(scratch, report)), f"{path}: no {report}")


def check_gitlab(path, known, env, scratch):
    doc = yaml.safe_load(open(path))
    jobs = {k: v for k, v in doc.items() if isinstance(v, dict) and "script" in v}
    if not need(jobs, f"{path}: no job with a script"):
        return
    for name, job in jobs.items():
        parallel = job.get("parallel")
        need(isinstance(parallel, int) and parallel > 1, f"{path}: job {name}: parallel is not N > 1")
        need(job.get("artifacts", {}).get("reports", {}).get("junit"),
             f"{path}: job {name}: no artifacts:reports:junit")
        script = "\n".join(job["script"])
        lines = [line for line in job["script"] if "vmqkit conform" in line]
        if need(len(lines) == 1, f"{path}: job {name}: not one conform line"):
            check_conform_line(f"{path}: job {name}", lines[0], known)
            step_env = dict(env, CI_NODE_INDEX=str(parallel), CI_NODE_TOTAL=str(parallel),
                            SEED=str(job.get("variables", {}).get("SEED", "1")))
            run_step(f"{path}: job {name}", script, step_env, scratch)
            junit = job["artifacts"]["reports"]["junit"]
            need(nonempty(os.path.join(scratch, junit)), f"{path}: no {junit}")


def main():
    ci_dir, vmqkit, plugin, scratch = sys.argv[1:5]
    known = conform_options(vmqkit)
    env = dict(os.environ, DUT=os.path.abspath(plugin),
               PATH=os.path.dirname(os.path.abspath(vmqkit)) + os.pathsep + os.environ["PATH"])
    for sub, check in (("github", check_github), ("gitlab", check_gitlab)):
        files = sorted(f for f in os.listdir(os.path.join(ci_dir, sub)) if f.endswith(".yml"))
        need(files, f"{ci_dir}/{sub}: no template")
        for f in files:
            work = os.path.join(scratch, sub)
            os.makedirs(work, exist_ok=True)
            check(os.path.join(ci_dir, sub, f), known, env, work)
    for p in problems:
        print("ci template:", p)
    print("ci templates:", "ok" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
