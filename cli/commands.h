#pragma once
// Subcommand registration. Each subcommand lives in its own cli/<name>_command.cpp and registers
// itself here; its callback sets the exit code: 0 ok, 1 finding, 2 usage or input error.
#include <CLI/CLI.hpp>

namespace vmqkit::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFinding = 1;
inline constexpr int kExitInputError = 2;

struct Outcome {
  int exit_code = kExitOk;
};

void RegisterAdvertise(CLI::App& app, Outcome& outcome);
void RegisterAdvise(CLI::App& app, Outcome& outcome);
void RegisterBench(CLI::App& app, Outcome& outcome);
void RegisterCheckTrace(CLI::App& app, Outcome& outcome);
void RegisterConform(CLI::App& app, Outcome& outcome);
void RegisterDiagnose(CLI::App& app, Outcome& outcome);
void RegisterExplainEvent(CLI::App& app, Outcome& outcome);
void RegisterGenerateDocs(CLI::App& app, Outcome& outcome);
void RegisterHw(CLI::App& app, Outcome& outcome);
void RegisterKeywords(CLI::App& app, Outcome& outcome);
void RegisterLintInf(CLI::App& app, Outcome& outcome);
void RegisterOverlap(CLI::App& app, Outcome& outcome);
void RegisterReplay(CLI::App& app, Outcome& outcome);
void RegisterRoute(CLI::App& app, Outcome& outcome);

inline void RegisterCommands(CLI::App& app, Outcome& outcome) {
  RegisterAdvertise(app, outcome);
  RegisterAdvise(app, outcome);
  RegisterBench(app, outcome);
  RegisterCheckTrace(app, outcome);
  RegisterConform(app, outcome);
  RegisterDiagnose(app, outcome);
  RegisterExplainEvent(app, outcome);
  RegisterHw(app, outcome);
  RegisterKeywords(app, outcome);
  RegisterLintInf(app, outcome);
  RegisterOverlap(app, outcome);
  RegisterReplay(app, outcome);
  RegisterRoute(app, outcome);
  RegisterGenerateDocs(app, outcome);  // hidden; reads every subcommand registered above
}

}  // namespace vmqkit::cli
