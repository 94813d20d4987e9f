#pragma once
// `vmqkit explain-event`: the text of the VMQ processor-set event an LBFO team logs (Event 106 of
// the Hyper-V virtual switch) read into its reason and the team it names, and explained with the
// diagnosis rule it reports. The reasons are the two KB 2974384 quotes (English page).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "admin/diagnosis.h"
#include "base/result.h"

namespace vmqkit::admin {

struct EventReason {
  std::string_view quote;  // as KB 2974384 quotes the event's reason
  Rule rule;               // the diagnosis rule it reports
  std::string_view fix;    // what the KB says to do
};
std::vector<EventReason> EventReasons();

struct ExplainedEvent {
  SourcePos where;  // the line holding the reason
  const EventReason* reason = nullptr;
  std::string event_id;     // "106" when the text carries an event id
  std::string team;         // the team NIC's friendly name, when the text names it
  std::string switch_name;  // the virtual switch, when the text names it
};

// Every processor-set reason found in the text (an export of several events holds several). No
// reason at all is an input error: the text is not one of these events.
Result<std::vector<ExplainedEvent>> ExplainEvents(std::string_view text, const std::string& file);

std::string ToText(const std::vector<ExplainedEvent>& events);

}  // namespace vmqkit::admin
