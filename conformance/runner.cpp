#include "conformance/runner.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

namespace vmqkit::conformance {
namespace {

using nlohmann::json;

json FindingJson(const std::optional<Finding>& f) {
  if (!f) return nullptr;
  return {{"rule", f->rule}, {"source", f->source}, {"message", f->message}};
}

json ResultJson(const CheckResult& r) {
  json out = {{"verdict", std::string(ToString(r.verdict))},
              {"finding", FindingJson(r.finding)},
              {"scenario", r.scenario},
              {"steps", r.steps},
              {"note", r.note},
              {"coverage", r.coverage.ToJson()}};
  return out;
}

CheckResult ResultFromJson(const json& j) {
  CheckResult r;
  const std::string verdict = j.value("verdict", "fail");
  r.verdict = verdict == "pass"   ? Verdict::kPass
              : verdict == "skip" ? Verdict::kSkip
                                  : Verdict::kFail;
  if (j.contains("finding") && j["finding"].is_object()) {
    r.finding = Finding{j["finding"].value("rule", ""), j["finding"].value("source", ""),
                        j["finding"].value("message", "")};
  }
  if (j.contains("scenario")) r.scenario = j["scenario"].get<std::vector<json>>();
  r.steps = j.value("steps", std::size_t{0});
  r.note = j.value("note", "");
  if (j.contains("coverage")) r.coverage = Coverage::FromJson(j["coverage"]);
  return r;
}

// The line a check's child sends when a new run starts ({"step":"#run"}, suites.h CheckContext).
constexpr std::string_view kRunStart = R"(S {"step":"#run"})";

bool WriteAll(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

// Runs a check with its own coverage counter, which comes back in the result.
CheckResult Counted(const CheckInfo& info, CheckContext ctx) {
  Coverage coverage;
  ctx.options.coverage = &coverage;
  CheckResult r = info.run(ctx);
  r.coverage.Merge(coverage);
  return r;
}

CheckResult Isolated(const CheckInfo& info, const CheckContext& base, int timeout_ms) {
  int fds[2];
  if (pipe(fds) != 0) return Counted(info, base);
  std::fflush(nullptr);
  const pid_t child = fork();
  if (child < 0) {
    close(fds[0]);
    close(fds[1]);
    return Counted(info, base);
  }
  if (child == 0) {
    close(fds[0]);
    // A plug-in reports a finding it detects itself (e.g. the NDIS host's dut.unsupported-call) on
    // this descriptor before it ends the process (docs/dut-abi.md, "Findings from a plug-in").
    setenv("VMQKIT_DUT_FINDING_FD", std::to_string(fds[1]).c_str(), 1);
    CheckContext ctx = base;
    ctx.on_step = [fd = fds[1]](const json& line) { WriteAll(fd, "S " + line.dump() + "\n"); };
    const CheckResult r = Counted(info, ctx);
    WriteAll(fds[1], "R " + ResultJson(r).dump() + "\n");
    close(fds[1]);
    _exit(0);
  }
  close(fds[1]);
  std::vector<std::string> run;  // the scenario of the run in progress, one JSON text a line
  std::optional<CheckResult> result;
  std::optional<Finding> reported;  // an F line from the plug-in
  std::string buffer;
  bool hung = false;
  char chunk[65536];
  for (;;) {
    pollfd p{fds[0], POLLIN, 0};
    const int ready = poll(&p, 1, timeout_ms);
    if (ready == 0) {
      hung = true;
      break;
    }
    if (ready < 0) continue;
    const ssize_t n = read(fds[0], chunk, sizeof chunk);
    if (n <= 0) break;
    buffer.append(chunk, static_cast<std::size_t>(n));
    std::size_t start = 0;
    for (std::size_t newline; (newline = buffer.find('\n', start)) != std::string::npos;) {
      const std::string_view line(buffer.data() + start, newline - start);
      start = newline + 1;
      if (line.size() < 2) continue;
      if (line[0] == 'S') {
        // Kept as text: parsed only when no result comes (a crash or hang), which is rare.
        if (line == kRunStart) {
          run.clear();
        } else {
          run.emplace_back(line.substr(2));
        }
        continue;
      }
      json parsed = json::parse(line.substr(2), nullptr, false);
      if (parsed.is_discarded()) continue;
      if (line[0] == 'R') {
        result = ResultFromJson(parsed);
      } else if (line[0] == 'F' && !reported) {
        reported = Finding{parsed.value("rule", "dut.finding"), parsed.value("source", ""),
                           parsed.value("message", "")};
      }
    }
    buffer.erase(0, start);
  }
  close(fds[0]);
  if (hung) kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  if (result) return *result;
  CheckResult r;
  r.verdict = Verdict::kFail;
  for (const std::string& line : run) {
    json parsed = json::parse(line, nullptr, false);
    if (!parsed.is_discarded()) r.scenario.push_back(std::move(parsed));
  }
  if (reported) {
    r.finding = *reported;
  } else if (hung) {
    r.finding =
        Finding{"dut.hang", "docs/dut-abi.md (calls return; no step takes longer than the limit)",
                "no progress for " + std::to_string(timeout_ms) + " ms during the last step"};
  } else if (WIFSIGNALED(status)) {
    r.finding = Finding{"dut.crash", "docs/dut-abi.md (bad input never crashes)",
                        std::string("the DUT process died with signal ") +
                            strsignal(WTERMSIG(status)) + " during the last step"};
  } else {
    r.finding = Finding{"dut.crash", "docs/dut-abi.md",
                        "the DUT process exited (status " + std::to_string(WEXITSTATUS(status)) +
                            ") during the last step"};
  }
  return r;
}

std::string XmlEscape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') {
          out += ' ';
        } else {
          out += c;
        }
    }
  }
  return out;
}

}  // namespace

bool RunReport::failed() const {
  return std::any_of(checks.begin(), checks.end(),
                     [](const CheckRecord& c) { return c.result.verdict == Verdict::kFail; });
}

bool Selects(const std::string& name, const CheckInfo& info) {
  return name == info.suite || name == info.name ||
         (name.size() < info.name.size() && info.name.substr(0, name.size()) == name &&
          info.name[name.size()] == '.');
}

RunReport RunConformance(const vmqkit_dut_ops* ops, const std::string& dut_name,
                         const RunOptions& options) {
  RunReport report;
  report.dut = dut_name;
  report.options = options;
  const auto start = std::chrono::steady_clock::now();
  std::vector<const CheckInfo*> selected;
  for (const CheckInfo& info : Checks()) {
    const bool chosen = options.suites.empty() ||
                        std::any_of(options.suites.begin(), options.suites.end(),
                                    [&](const std::string& s) { return Selects(s, info); });
    if (chosen) selected.push_back(&info);
  }
  CheckContext ctx;
  ctx.factory = [ops](const PlatformSpec& platform) -> std::unique_ptr<Device> {
    return PluginDevice::Create(ops, platform);
  };
  ctx.options.strict = options.strict;
  ctx.seed = options.seed;
  // The generated checks share the budget: lifecycle 1/2, routing 1/5, churn 1/5, registries 1/10.
  ctx.steps = options.steps;
  for (std::size_t i = 0; i < selected.size(); ++i) {
    if (options.shard_count > 1 && i % options.shard_count != options.shard_index) continue;
    const CheckInfo& info = *selected[i];
    const auto check_start = std::chrono::steady_clock::now();
    CheckRecord record{
        std::string(info.suite), std::string(info.name), std::string(info.source), {}, {}, 0};
    record.result =
        options.isolate ? Isolated(info, ctx, options.step_timeout_ms) : Counted(info, ctx);
    report.coverage.Merge(record.result.coverage);
    record.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - check_start).count();
    if (record.result.verdict == Verdict::kFail && !options.out_dir.empty()) {
      std::filesystem::create_directories(options.out_dir);
      record.counterexample_path =
          (std::filesystem::path(options.out_dir) / (record.name + ".jsonl")).string();
      std::ofstream(record.counterexample_path) << CounterexampleText(record, options.seed);
    }
    report.steps += record.result.steps;
    if (options.progress) {
      options.progress(std::string(ToString(record.result.verdict)) + "  " + record.name +
                       (record.result.finding ? "  [" + record.result.finding->rule + "]" : ""));
    }
    report.checks.push_back(std::move(record));
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

std::string CounterexampleText(const CheckRecord& record, std::uint64_t seed) {
  std::string out = "# vmqkit conform counterexample: check " + record.name + "\n";
  if (record.result.finding) {
    out += "# rule " + record.result.finding->rule + " (" + record.result.finding->source + ")\n";
    out += "# " + record.result.finding->message + "\n";
  }
  out += "# seed " + std::to_string(seed) +
         (record.result.note.empty() ? "" : "; " + record.result.note) + "\n";
  out += "# replay: vmqkit replay THIS_FILE --dut LIB\n";
  for (const auto& line : record.result.scenario) out += line.dump() + "\n";
  return out;
}

json ToJson(const RunReport& report) {
  json checks = json::array();
  for (const auto& c : report.checks) {
    json j = {{"suite", c.suite},        {"check", c.name},
              {"source", c.source},      {"verdict", std::string(ToString(c.result.verdict))},
              {"steps", c.result.steps}, {"seconds", c.seconds},
              {"note", c.result.note}};
    if (c.result.finding) {
      j["rule"] = c.result.finding->rule;
      j["rule_source"] = c.result.finding->source;
      j["message"] = c.result.finding->message;
      j["counterexample"] =
          c.counterexample_path.empty() ? json(nullptr) : json(c.counterexample_path);
      j["scenario"] = c.result.scenario;
    }
    checks.push_back(std::move(j));
  }
  std::size_t passed = 0, failed = 0, skipped = 0;
  for (const auto& c : report.checks) {
    passed += c.result.verdict == Verdict::kPass;
    failed += c.result.verdict == Verdict::kFail;
    skipped += c.result.verdict == Verdict::kSkip;
  }
  return {{"dut", report.dut},
          {"seed", report.options.seed},
          {"strict", report.options.strict},
          {"shard", std::to_string(report.options.shard_index) + "/" +
                        std::to_string(report.options.shard_count)},
          {"steps", report.steps},
          {"seconds", report.seconds},
          {"passed", passed},
          {"failed", failed},
          {"skipped", skipped},
          {"coverage", report.coverage.ToJson()},
          {"checks", checks}};
}

std::string ToJUnit(const RunReport& report) {
  std::map<std::string, std::vector<const CheckRecord*>> suites;
  std::vector<std::string> order;
  for (const auto& c : report.checks) {
    if (!suites.contains(c.suite)) order.push_back(c.suite);
    suites[c.suite].push_back(&c);
  }
  std::size_t failures = 0, skipped = 0;
  for (const auto& c : report.checks) {
    failures += c.result.verdict == Verdict::kFail;
    skipped += c.result.verdict == Verdict::kSkip;
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  char time[32];
  std::snprintf(time, sizeof time, "%.3f", report.seconds);
  out += "<testsuites name=\"vmqkit conform\" tests=\"" + std::to_string(report.checks.size()) +
         "\" failures=\"" + std::to_string(failures) + "\" errors=\"0\" skipped=\"" +
         std::to_string(skipped) + "\" time=\"" + time + "\">\n";
  for (const auto& name : order) {
    const auto& cases = suites[name];
    std::size_t f = 0, s = 0;
    double seconds = 0;
    for (const auto* c : cases) {
      f += c->result.verdict == Verdict::kFail;
      s += c->result.verdict == Verdict::kSkip;
      seconds += c->seconds;
    }
    std::snprintf(time, sizeof time, "%.3f", seconds);
    out += "  <testsuite name=\"" + XmlEscape(name) + "\" tests=\"" + std::to_string(cases.size()) +
           "\" failures=\"" + std::to_string(f) + "\" errors=\"0\" skipped=\"" + std::to_string(s) +
           "\" time=\"" + time + "\">\n";
    for (const auto* c : cases) {
      std::snprintf(time, sizeof time, "%.3f", c->seconds);
      out += "    <testcase classname=\"vmqkit." + XmlEscape(name) + "\" name=\"" +
             XmlEscape(c->name) + "\" time=\"" + time + "\">\n";
      out += "      <properties><property name=\"source\" value=\"" + XmlEscape(c->source) +
             "\"/></properties>\n";
      if (c->result.verdict == Verdict::kFail && c->result.finding) {
        const Finding& finding = *c->result.finding;
        out += "      <failure type=\"" + XmlEscape(finding.rule) + "\" message=\"" +
               XmlEscape(finding.message) + "\">" +
               XmlEscape("rule " + finding.rule + " (" + finding.source + ")\n" + finding.message +
                         (c->counterexample_path.empty()
                              ? ""
                              : "\ncounterexample: " + c->counterexample_path)) +
               "</failure>\n";
      } else if (c->result.verdict == Verdict::kSkip) {
        out += "      <skipped message=\"" + XmlEscape(c->result.note) + "\"/>\n";
      }
      out += "    </testcase>\n";
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

std::string SummaryTable(const RunReport& report) {
  struct Row {
    std::size_t checks = 0, passed = 0, failed = 0, skipped = 0, steps = 0;
  };
  std::map<std::string, Row> rows;
  std::vector<std::string> order;
  for (const auto& c : report.checks) {
    if (!rows.contains(c.suite)) order.push_back(c.suite);
    Row& r = rows[c.suite];
    r.checks++;
    r.passed += c.result.verdict == Verdict::kPass;
    r.failed += c.result.verdict == Verdict::kFail;
    r.skipped += c.result.verdict == Verdict::kSkip;
    r.steps += c.result.steps;
  }
  char line[160];
  std::string out;
  std::snprintf(line, sizeof line, "%-14s %7s %7s %7s %8s %9s\n", "suite", "checks", "passed",
                "failed", "skipped", "steps");
  out += line;
  Row total;
  for (const auto& name : order) {
    const Row& r = rows[name];
    std::snprintf(line, sizeof line, "%-14s %7zu %7zu %7zu %8zu %9zu\n", name.c_str(), r.checks,
                  r.passed, r.failed, r.skipped, r.steps);
    out += line;
    total.checks += r.checks;
    total.passed += r.passed;
    total.failed += r.failed;
    total.skipped += r.skipped;
    total.steps += r.steps;
  }
  std::snprintf(line, sizeof line, "%-14s %7zu %7zu %7zu %8zu %9zu\n", "total", total.checks,
                total.passed, total.failed, total.skipped, total.steps);
  out += line;
  for (const auto& c : report.checks) {
    if (c.result.verdict != Verdict::kFail || !c.result.finding) continue;
    out += "\nFAIL " + c.name + ": rule " + c.result.finding->rule + " (" +
           c.result.finding->source + ")\n  " + c.result.finding->message + "\n";
    if (!c.counterexample_path.empty()) {
      out += "  counterexample (" + std::to_string(c.result.scenario.size()) +
             " steps): " + c.counterexample_path + "\n";
    }
  }
  return out;
}

}  // namespace vmqkit::conformance
