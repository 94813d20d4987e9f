#include "conformance/runner.h"

#include <poll.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include "conformance/child_check.h"

namespace vmqkit::conformance {
namespace {

using nlohmann::json;

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

namespace {

// The checks of a run in children, up to `jobs` at once; `done(i, result, seconds)` is called as
// each one ends, in any order.
void RunIsolated(const std::vector<const CheckInfo*>& checks, const CheckContext& ctx,
                 const RunOptions& options,
                 const std::function<void(std::size_t, CheckResult, double)>& done) {
  using Clock = ChildCheck::Clock;
  struct Running {
    std::size_t index;
    ChildCheck child;
    Clock::time_point start;
  };
  const std::size_t jobs = std::max<std::size_t>(1, options.jobs);
  const auto limit = std::chrono::milliseconds(options.step_timeout_ms);
  std::vector<Running> running;
  std::size_t next = 0;
  const auto end = [&](std::size_t i, bool hung) {
    Running& r = running[i];
    CheckResult result = r.child.Finish(hung, options.step_timeout_ms);
    done(r.index, std::move(result), std::chrono::duration<double>(Clock::now() - r.start).count());
    running.erase(running.begin() + static_cast<std::ptrdiff_t>(i));
  };
  while (next < checks.size() || !running.empty()) {
    while (running.size() < jobs && next < checks.size()) {
      const std::size_t index = next++;
      std::vector<const ChildCheck*> others;
      for (const Running& r : running) others.push_back(&r.child);
      Running r{index, {}, Clock::now()};
      if (r.child.Start(*checks[index], ctx, others)) {
        running.push_back(std::move(r));
      } else {
        // No pipe or process: the check runs here, unprotected, rather than not at all.
        CheckResult result = RunCounted(*checks[index], ctx);
        done(index, std::move(result),
             std::chrono::duration<double>(Clock::now() - r.start).count());
      }
    }
    if (running.empty()) continue;
    std::vector<pollfd> fds;
    // The children's step counts are looked at every twentieth of the limit (at most every
    // 100 ms): a hang is reported at most that late.
    auto wait =
        std::clamp(limit / 20, std::chrono::milliseconds(1), std::chrono::milliseconds(100));
    const auto now = Clock::now();
    for (const Running& r : running) {
      fds.push_back({r.child.fd(), POLLIN, 0});
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          r.child.last_progress() + limit - now);
      wait = std::max(std::chrono::milliseconds(0), std::min(wait, left));
    }
    // Rounded up so a child is not judged hung a fraction of a millisecond early.
    const int ready = poll(fds.data(), fds.size(), static_cast<int>(wait.count()) + 1);
    if (ready < 0) continue;
    // Backwards, so ending a child leaves the indexes of those still to look at unchanged.
    for (std::size_t i = running.size(); i-- > 0;) {
      running[i].child.Look();
      if (fds[i].revents != 0 && !running[i].child.Read()) {
        end(i, false);
      } else if (Clock::now() - running[i].child.last_progress() >= limit) {
        end(i, true);
      }
    }
  }
}

}  // namespace

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
  ctx.options.waived = options.waived;
  ctx.seed = options.seed;
  // The generated checks share the budget: lifecycle 1/2, routing 1/5, churn 1/5, registries 1/10.
  ctx.steps = options.steps;
  std::vector<const CheckInfo*> checks;  // this shard's
  for (std::size_t i = 0; i < selected.size(); ++i) {
    if (options.shard_count > 1 && i % options.shard_count != options.shard_index) continue;
    checks.push_back(selected[i]);
  }
  // Results are taken in check order whatever order the children end in, so reports, files and
  // progress lines are the same for every -j.
  std::vector<std::optional<CheckRecord>> ended(checks.size());
  std::size_t taken = 0;
  const auto done = [&](std::size_t index, CheckResult result, double seconds) {
    const CheckInfo& info = *checks[index];
    ended[index] = CheckRecord{std::string(info.suite),
                               std::string(info.name),
                               std::string(info.source),
                               std::move(result),
                               {},
                               seconds};
    for (; taken < ended.size() && ended[taken]; ++taken) {
      CheckRecord& record = *ended[taken];
      report.coverage.Merge(record.result.coverage);
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
  };
  if (options.isolate) {
    RunIsolated(checks, ctx, options, done);
  } else {
    for (std::size_t i = 0; i < checks.size(); ++i) {
      const auto check_start = std::chrono::steady_clock::now();
      CheckResult result = RunCounted(*checks[i], ctx);
      done(i, std::move(result),
           std::chrono::duration<double>(std::chrono::steady_clock::now() - check_start).count());
    }
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
    if (!c.result.waivers.empty()) {
      json waivers = json::array();
      for (const Finding& w : c.result.waivers) waivers.push_back(w.rule);
      j["waived"] = std::move(waivers);
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
          {"waived", report.options.waived},
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

namespace {

// What --waive set aside: each waived rule with the checks it applied in and its first message,
// and the waivers that matched nothing (a typo, or a defect already fixed).
std::string WaiverSummary(const RunReport& report) {
  std::string out;
  for (const std::string& rule : report.options.waived) {
    std::size_t checks = 0;
    const Finding* first = nullptr;
    for (const auto& c : report.checks) {
      for (const Finding& w : c.result.waivers) {
        if (w.rule != rule) continue;
        ++checks;
        if (first == nullptr) first = &w;
      }
    }
    if (first == nullptr) {
      out += "\nWAIVED " + rule + ": matched no violation in this run\n";
    } else {
      out += "\nWAIVED " + rule + " (" + first->source + ") in " + std::to_string(checks) +
             (checks == 1 ? " check" : " checks") + ": not a pass of that rule\n  " +
             first->message + "\n";
    }
  }
  return out;
}

}  // namespace

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
  return out + WaiverSummary(report);
}

}  // namespace vmqkit::conformance
