#include "formats/admin_host.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <utility>

#include "base/text.h"
#include "base/text_encoding.h"
#include "formats/host_description.h"
#include "formats/host_registry.h"
#include "formats/powershell_records.h"
#include "spec/keyword_catalog.h"

namespace vmqkit::formats {
namespace {

namespace fs = std::filesystem;

Result<std::int64_t> Integer(const PsProperty& p, std::int64_t min, std::int64_t max) {
  std::string_view t = p.text;
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (t.empty() || ec != std::errc{} || end != t.data() + t.size() || v < min || v > max) {
    return InputError(p.where, p.name + ": \"" + p.text.substr(0, 40) + "\" is not an integer " +
                                   std::to_string(min) + ".." + std::to_string(max));
  }
  return v;
}

Result<bool> Boolean(const PsProperty& p) {
  if (EqualsIgnoreCase(p.text, "True") || p.text == "1") return true;
  if (EqualsIgnoreCase(p.text, "False") || p.text == "0") return false;
  return InputError(p.where,
                    p.name + ": \"" + p.text.substr(0, 40) + "\" is neither True nor False");
}

// "0:2" (group:number), as the default views print PROCESSOR_NUMBER.
Result<spec::ProcessorNumber> Processor(const PsProperty& p, std::string_view text) {
  const std::size_t colon = text.find(':');
  PsProperty group = p;
  PsProperty number = p;
  if (colon == std::string_view::npos) {
    return InputError(p.where,
                      p.name + ": \"" + std::string(text.substr(0, 40)) + "\" is not group:number");
  }
  group.text = std::string(text.substr(0, colon));
  number.text = std::string(text.substr(colon + 1));
  Result<std::int64_t> g = Integer(group, 0, spec::kMaximumGroups - 1);
  if (!g) return g.error();
  Result<std::int64_t> n = Integer(number, 0, spec::kMaximumProcPerGroup - 1);
  if (!n) return n.error();
  return spec::ProcessorNumber{*g, *n};
}

const PsProperty* Required(const PsRecord& r, std::string_view name, Error& error) {
  const PsProperty* p = r.Find(name);
  if (p == nullptr) {
    error = InputError(r.where, std::string(Describe(r.kind).cmdlet) + " object without \"" +
                                    std::string(name) + "\"");
  }
  return p;
}

// Get-NetAdapterVmq / Get-NetAdapterRss -> the adapter's processor settings.
Result<PsAdapter> AdapterOf(const PsRecord& r) {
  PsAdapter a;
  a.from_vmq = r.kind == PsKind::kVmq;
  a.where = r.where;
  Error error;
  const PsProperty* name = Required(r, "Name", error);
  if (name == nullptr) return error;
  a.name = name->text;
  if (const PsProperty* p = r.Find("InterfaceDescription")) a.interface_description = p->text;
  if (const PsProperty* p = r.Find("Enabled")) {
    Result<bool> b = Boolean(*p);
    if (!b) return b.error();
    a.enabled = *b;
  }
  const PsProperty* group = r.Find("BaseProcessorGroup");
  const PsProperty* number = r.Find("BaseProcessorNumber");
  const PsProperty* shown = r.Find(a.from_vmq ? "BaseVmqProcessor" : "BaseProcessor");
  if (number != nullptr) {
    Result<std::int64_t> n = Integer(*number, 0, spec::kMaximumProcPerGroup - 1);
    if (!n) return n.error();
    a.base.number = *n;
    if (group != nullptr) {
      Result<std::int64_t> g = Integer(*group, 0, spec::kMaximumGroups - 1);
      if (!g) return g.error();
      a.base.group = *g;
    }
  } else if (shown != nullptr) {
    Result<spec::ProcessorNumber> b = Processor(*shown, shown->text);
    if (!b) return b.error();
    a.base = *b;
  } else {
    return InputError(r.where, std::string(Describe(r.kind).cmdlet) + " object \"" + a.name +
                                   "\" without BaseProcessorNumber or " +
                                   (a.from_vmq ? "BaseVmqProcessor" : "BaseProcessor"));
  }
  if (const PsProperty* p = r.Find("MaxProcessors")) {
    Result<std::int64_t> v = Integer(*p, 1, spec::kMaximumProcPerSystem);
    if (!v) return v.error();
    a.max_processors = *v;
  }
  if (const PsProperty* p = r.Find("MaxProcessorNumber")) {
    Result<std::int64_t> v = Integer(*p, 0, spec::kMaximumProcPerGroup - 1);
    if (!v) return v.error();
    std::int64_t max_group = a.base.group;
    if (const PsProperty* g = r.Find("MaxProcessorGroup")) {
      Result<std::int64_t> mg = Integer(*g, 0, spec::kMaximumGroups - 1);
      if (!mg) return mg.error();
      max_group = *mg;
    }
    a.max = spec::ProcessorNumber{max_group, *v};
  } else if (const PsProperty* shown_max = r.Find("MaxProcessor")) {
    Result<spec::ProcessorNumber> m = Processor(*shown_max, shown_max->text);
    if (!m) return m.error();
    a.max = *m;
  }
  if (const PsProperty* p = r.Find("NumaNode")) {
    Result<std::int64_t> v = Integer(*p, 0, 65535);
    if (!v) return v.error();
    a.numa_node = *v;
  }
  if (const PsProperty* p = r.Find("NumberOfReceiveQueues")) {
    Result<std::int64_t> v = Integer(*p, 0, 1 << 20);
    if (!v) return v.error();
    a.queues = *v;
  }
  return a;
}

Result<PsVmNic> VmNicOf(const PsRecord& r) {
  PsVmNic nic;
  nic.where = r.where;
  Error error;
  const PsProperty* name = Required(r, "Name", error);
  if (name == nullptr) return error;
  nic.name = name->text;
  if (const PsProperty* p = r.Find("VMName")) nic.vm_name = p->text;
  if (const PsProperty* p = r.Find("SwitchName")) nic.switch_name = p->text;
  const PsProperty* weight = Required(r, "VmqWeight", error);
  if (weight == nullptr) return error;
  Result<std::int64_t> w = Integer(*weight, 0, 100);
  if (!w) return w.error();
  nic.vmq_weight = *w;
  if (const PsProperty* p = r.Find("VlanSetting")) {
    // ConvertTo-Json writes the VMNetworkAdapterVlanSetting object; text output prints its type
    // name only, so the VLAN stays unknown there.
    std::string mode;
    std::string access;
    for (const auto& [member, value] : p->members) {
      if (EqualsIgnoreCase(member, "OperationMode")) mode = value;
      if (EqualsIgnoreCase(member, "AccessVlanId")) access = value;
    }
    // OperationMode: Untagged 0, Access 1, Trunk 2, ... (VMNetworkAdapterVlanMode); JSON writes
    // the number, Format-List the name.
    const bool is_access = mode == "1" || EqualsIgnoreCase(mode, "Access");
    if (is_access && !access.empty()) {
      PsProperty id = *p;
      id.name = "VlanSetting.AccessVlanId";
      id.text = access;
      Result<std::int64_t> v = Integer(id, 1, 4094);
      if (!v) return v.error();
      nic.vlan_id = *v;
    }
  }
  return nic;
}

// MSFT_NetAdapter's ReceiveLinkSpeed and Speed are bits per second; LinkSpeed is the text the type
// data makes of it ("10 Gbps", "100 Mbps", "2.5 Gbps"). 0: no link (a disconnected adapter), which
// says nothing of the speed it will have.
Result<std::optional<std::uint64_t>> LinkSpeedOf(const PsProperty& p) {
  std::string_view t = p.text;
  const std::size_t digits = t.find_first_not_of("0123456789.");
  const std::string number(t.substr(0, digits));
  std::string_view unit = digits == std::string_view::npos ? "" : t.substr(digits);
  while (!unit.empty() && unit.front() == ' ') unit.remove_prefix(1);
  double scale = 0;
  for (const auto& [name, factor] : {std::pair<std::string_view, double>{"", 1},
                                     {"bps", 1},
                                     {"Kbps", 1e3},
                                     {"Mbps", 1e6},
                                     {"Gbps", 1e9},
                                     {"Tbps", 1e12}}) {
    if (EqualsIgnoreCase(unit, name)) scale = factor;
  }
  double value = 0;
  const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (number.empty() || ec != std::errc{} || end != number.data() + number.size() || scale == 0 ||
      (unit.empty() && number.find('.') != std::string::npos) || value * scale > 1e15) {
    return InputError(p.where, p.name + ": \"" + p.text.substr(0, 40) +
                                   "\" is not a link speed (bits per second, or a number with "
                                   "bps, Kbps, Mbps, Gbps or Tbps)");
  }
  const auto bps = static_cast<std::uint64_t>(value * scale + 0.5);
  if (bps == 0) return std::optional<std::uint64_t>{};
  return std::optional<std::uint64_t>{bps};
}

// Get-NetAdapter -> the adapter's link speed: ReceiveLinkSpeed (what a receive queue sees), else
// LinkSpeed, else Speed.
struct PsLinkSpeed {
  std::string name;
  std::optional<std::uint64_t> bps;
  SourcePos where;
};

Result<PsLinkSpeed> LinkSpeedRecordOf(const PsRecord& r) {
  PsLinkSpeed out;
  out.where = r.where;
  const PsProperty* name = r.Find("Name");
  if (name == nullptr) name = r.Find("InterfaceAlias");
  if (name == nullptr) name = r.Find("ifAlias");
  if (name == nullptr) {
    return InputError(r.where, "Get-NetAdapter object without \"Name\" (or InterfaceAlias)");
  }
  out.name = name->text;
  for (std::string_view property : {"ReceiveLinkSpeed", "LinkSpeed", "Speed"}) {
    const PsProperty* p = r.Find(property);
    if (p == nullptr || out.bps) continue;
    Result<std::optional<std::uint64_t>> bps = LinkSpeedOf(*p);
    if (!bps) return bps.error();
    out.bps = *bps;
  }
  return out;
}

// Get-VMSwitch -> the switch and its adapters. Format-List prints the list as "{A, B}"; JSON gives
// an array (its elements are the property's members).
Result<PsVmSwitch> VmSwitchOf(const PsRecord& r) {
  PsVmSwitch sw;
  sw.where = r.where;
  Error error;
  const PsProperty* name = Required(r, "Name", error);
  if (name == nullptr) return error;
  sw.name = name->text;
  auto add = [&](const std::string& description) {
    const std::string d(TrimView(description));
    if (!d.empty() && std::find(sw.interface_descriptions.begin(), sw.interface_descriptions.end(),
                                d) == sw.interface_descriptions.end()) {
      sw.interface_descriptions.push_back(d);
    }
  };
  if (const PsProperty* p = r.Find("NetAdapterInterfaceDescriptions")) {
    if (!p->members.empty()) {
      for (const auto& [index, value] : p->members) add(value);
    } else {
      std::string_view list = TrimView(p->text);
      if (list.size() >= 2 && list.front() == '{' && list.back() == '}') {
        list = list.substr(1, list.size() - 2);
      }
      for (std::size_t start = 0; start <= list.size();) {
        const std::size_t comma = list.find(", ", start);
        add(std::string(
            list.substr(start, comma == std::string_view::npos ? comma : comma - start)));
        if (comma == std::string_view::npos) break;
        start = comma + 2;
      }
    }
  }
  if (const PsProperty* p = r.Find("NetAdapterInterfaceDescription")) add(p->text);
  return sw;
}

struct Collected {
  std::vector<PsAdapter> adapters;
  std::vector<PsVmNic> vnics;
  std::vector<PsLinkSpeed> speeds;  // Get-NetAdapter
  std::vector<PsVmSwitch> switches;
  // Get-NetAdapterAdvancedProperty: adapter Name -> (RegistryKeyword, RegistryValue, where)
  struct Advanced {
    std::string adapter;
    std::string keyword;
    std::string value;
    SourcePos where;
  };
  std::vector<Advanced> advanced;
  std::int64_t cores = 0;
  std::int64_t lps = 0;
  std::int64_t sockets = 0;
  std::optional<SourcePos> processor_from;
};

// Appends a record of a cmdlet that lists each object once (Get-NetAdapter, Get-VMSwitch); the
// same name twice is an input error naming the first.
template <typename Record>
Result<void> AddOnce(std::vector<Record>& records, Record record, std::string_view what,
                     const PsRecord& from) {
  for (const Record& other : records) {
    if (other.name == record.name) {
      return InputError(from.where, std::string(what) + " \"" + record.name +
                                        "\" is listed twice by " +
                                        std::string(Describe(from.kind).cmdlet) + " (first at " +
                                        ToString(other.where) + ")");
    }
  }
  records.push_back(std::move(record));
  return {};
}

Result<void> Collect(const std::vector<PsRecord>& records, Collected& c) {
  for (const PsRecord& r : records) {
    switch (r.kind) {
      case PsKind::kVmq:
      case PsKind::kRss: {
        Result<PsAdapter> a = AdapterOf(r);
        if (!a) return a.error();
        auto same = std::find_if(c.adapters.begin(), c.adapters.end(),
                                 [&](const PsAdapter& o) { return o.name == a->name; });
        if (same == c.adapters.end()) {
          c.adapters.push_back(std::move(*a));
        } else if (same->from_vmq == a->from_vmq) {
          return InputError(r.where, "adapter \"" + a->name + "\" is listed twice by " +
                                         std::string(Describe(r.kind).cmdlet) + " (first at " +
                                         ToString(same->where) + ")");
        } else if (a->from_vmq) {
          *same = std::move(*a);  // VMQ's settings are the ones the vSwitch uses
        }
        break;
      }
      case PsKind::kAdvancedProperty: {
        Error error;
        const PsProperty* name = Required(r, "Name", error);
        const PsProperty* keyword = name ? Required(r, "RegistryKeyword", error) : nullptr;
        const PsProperty* value = keyword ? Required(r, "RegistryValue", error) : nullptr;
        if (value == nullptr) return error;
        // Format-List prints the REG_MULTI_SZ-like array as "{1}".
        std::string v = value->text;
        if (v.size() >= 2 && v.front() == '{' && v.back() == '}') v = v.substr(1, v.size() - 2);
        c.advanced.push_back({name->text, keyword->text, v, keyword->where});
        break;
      }
      case PsKind::kVmNetworkAdapter: {
        Result<PsVmNic> nic = VmNicOf(r);
        if (!nic) return nic.error();
        c.vnics.push_back(std::move(*nic));
        break;
      }
      case PsKind::kNetAdapter: {
        Result<PsLinkSpeed> speed = LinkSpeedRecordOf(r);
        if (!speed) return speed.error();
        if (Result<void> ok = AddOnce(c.speeds, std::move(*speed), "adapter", r); !ok) return ok;
        break;
      }
      case PsKind::kVmSwitch: {
        Result<PsVmSwitch> sw = VmSwitchOf(r);
        if (!sw) return sw.error();
        if (Result<void> ok = AddOnce(c.switches, std::move(*sw), "switch", r); !ok) return ok;
        break;
      }
      case PsKind::kProcessor: {
        Error error;
        const PsProperty* cores = Required(r, "NumberOfCores", error);
        const PsProperty* lps = cores ? Required(r, "NumberOfLogicalProcessors", error) : nullptr;
        if (lps == nullptr) return error;
        Result<std::int64_t> nc = Integer(*cores, 1, spec::kMaximumProcPerSystem);
        if (!nc) return nc.error();
        Result<std::int64_t> nl = Integer(*lps, *nc, spec::kMaximumProcPerSystem);
        if (!nl) return nl.error();
        if (c.sockets > 0 && *nl * c.cores != *nc * c.lps) {
          return InputError(lps->where, "processors with different SMT widths (E-706)");
        }
        c.cores += *nc;
        c.lps += *nl;
        ++c.sockets;
        if (!c.processor_from) c.processor_from = r.where;
        break;
      }
    }
  }
  return {};
}

// Win32_Processor: every socket's cores and logical processors. Windows forms groups of at most 64
// logical processors; one NUMA node per socket (docs/errata.md E-712).
Result<spec::HostTopology> TopologyOf(const Collected& c) {
  spec::HostTopology t;
  t.groups = (c.lps + spec::kMaximumProcPerGroup - 1) / spec::kMaximumProcPerGroup;
  t.lps_per_group = c.lps / t.groups;
  t.smt = c.lps / c.cores;
  t.numa_nodes = c.sockets;
  if (t.lps_per_group * t.groups != c.lps) {
    return InputError(*c.processor_from, std::to_string(c.lps) +
                                             " logical processors do not split into equal groups "
                                             "of at most 64 (E-706)");
  }
  return spec::ValidateTopology(t, *c.processor_from);
}

bool IsJsonHostOrRegistry(std::string_view text) {
  // A JSON host description or registry has these members or "*Keyword" values at its top.
  for (std::string_view key :
       {"\"topology\"", "\"teams\"", "\"registry\"", "\"adapters\"", "\"vmsmp\"", "\"*"}) {
    if (text.find(key) != std::string_view::npos) return true;
  }
  return false;
}

enum class FileKind : std::uint8_t { kPowerShell, kHostJson, kRegistry };

Result<FileKind> KindOfFile(const std::string& path) {
  Result<std::string> bytes = ReadFileBytes(path);
  if (!bytes) return bytes.error();
  Result<std::string> text = DecodeWindowsText(*bytes, path);
  if (!text) return text.error();
  const std::size_t first = text->find_first_not_of(" \t\r\n");
  if (first != std::string::npos && ((*text)[first] == '{' || (*text)[first] == '[')) {
    if ((*text)[first] == '{' && IsJsonHostOrRegistry(*text) && IsJsonPath(path)) {
      return FileKind::kHostJson;
    }
    if ((*text)[first] == '[' && text->find("HKEY_") != std::string::npos &&
        text->find("\"Name\"") == std::string::npos) {
      return FileKind::kRegistry;
    }
    return FileKind::kPowerShell;
  }
  return LooksLikePowerShellText(*text) ? FileKind::kPowerShell : FileKind::kRegistry;
}

Result<std::vector<std::string>> Expand(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<std::string> inside;
      for (const fs::directory_entry& e : fs::directory_iterator(path, ec)) {
        if (e.is_regular_file(ec)) inside.push_back(e.path().string());
      }
      if (ec) return InputError({path, 0, 0}, "cannot list the directory: " + ec.message());
      std::sort(inside.begin(), inside.end());
      if (inside.empty()) return InputError({path, 0, 0}, "the directory holds no files");
      files.insert(files.end(), inside.begin(), inside.end());
    } else {
      files.push_back(path);
    }
  }
  return files;
}

void SetDword(spec::RegistryKey& key, std::string_view name, std::int64_t value) {
  std::erase_if(key.values, [&](const spec::RegistryValue& old) {
    const auto found = spec::LookupSpelling(old.name);
    return EqualsIgnoreCase(old.name, name) || (found && found->spec->name == name);
  });
  spec::RegistryValue v;
  v.name = std::string(name);
  v.type = spec::RegType::kDword;
  v.number = static_cast<std::uint64_t>(value);
  key.values.push_back(std::move(v));
}

void SetString(spec::RegistryKey& key, std::string_view name, const std::string& value) {
  std::erase_if(key.values,
                [&](const spec::RegistryValue& old) { return EqualsIgnoreCase(old.name, name); });
  spec::RegistryValue v;
  v.name = std::string(name);
  v.type = spec::RegType::kSz;
  v.text = value;
  key.values.push_back(std::move(v));
}

// The processor keywords the cmdlet reports, written into the adapter's key (E-712: the cmdlet's
// MaxProcessorNumber lies in the base's group unless a MaxProcessorGroup says otherwise).
void WriteProcessorKeywords(const PsAdapter& a, spec::RegistryKey& key) {
  SetDword(key, "*RssBaseProcGroup", a.base.group);
  SetDword(key, "*RssBaseProcNumber", a.base.number);
  SetDword(key, "*MaxRssProcessors", a.max_processors);
  if (a.max) {
    SetDword(key, "*RssMaxProcGroup", a.max->group);
    SetDword(key, "*RssMaxProcNumber", a.max->number);
  }
  if (a.numa_node) SetDword(key, "*NumaNodeId", *a.numa_node);
  if (a.from_vmq) SetString(key, "*VMQ", a.enabled ? "1" : "0");
}

Result<void> Join(Collected& c, AdminHost& host) {
  spec::HostDescription& d = host.description;
  for (PsAdapter& a : c.adapters) {
    spec::AdapterRegistry* reg = nullptr;
    for (spec::AdapterRegistry& r : d.registry.adapters) {
      if (!a.interface_description.empty() &&
          EqualsIgnoreCase(r.driver_desc, a.interface_description)) {
        reg = &r;
      }
    }
    if (reg == nullptr) {
      if (d.registry.FindAdapter(a.name) != nullptr) {
        return InputError(a.where, "adapter \"" + a.name + "\" named twice");
      }
      spec::AdapterRegistry fresh;
      fresh.subkey = a.name;
      fresh.driver_desc = a.interface_description;
      fresh.key.path = std::string(spec::kNetClassKey) + "\\" + a.name;
      d.registry.adapters.push_back(std::move(fresh));
      reg = &d.registry.adapters.back();
      a.subkey = a.name;  // what the findings and the fix name it by
    } else {
      a.subkey = reg->subkey;
    }
    for (const Collected::Advanced& adv : c.advanced) {
      if (adv.adapter == a.name) SetString(reg->key, adv.keyword, adv.value);
    }
    WriteProcessorKeywords(a, reg->key);
  }
  for (const Collected::Advanced& adv : c.advanced) {
    const bool known = std::any_of(c.adapters.begin(), c.adapters.end(),
                                   [&](const PsAdapter& a) { return a.name == adv.adapter; });
    if (!known) {
      return InputError(adv.where, "advanced property of adapter \"" + adv.adapter +
                                       "\", which Get-NetAdapterVmq/Get-NetAdapterRss do not list");
    }
  }
  // Adapters in registry order; each PowerShell adapter's name and record beside it.
  std::vector<spec::AdapterInfo> infos;
  std::vector<PsAdapter> ordered;
  for (const spec::AdapterRegistry& r : d.registry.adapters) {
    const spec::AdapterInfo* old = d.Info(r.subkey);
    spec::AdapterInfo info = old ? *old : spec::AdapterInfo{r.subkey, "", {}, {}, {}};
    PsAdapter record;
    record.name = info.name;
    record.subkey = r.subkey;
    record.from_vmq = false;
    for (const PsAdapter& a : c.adapters) {
      if (a.subkey == r.subkey || (a.subkey.empty() && a.name == r.subkey)) {
        record = a;
        info.name = a.name;
      }
    }
    // Get-NetAdapter lists every adapter of the host; only those VMQ or RSS list are read.
    for (const PsLinkSpeed& speed : c.speeds) {
      if (!info.name.empty() && speed.name == info.name && speed.bps && !info.link_speed_bps) {
        info.link_speed_bps = speed.bps;
      }
    }
    infos.push_back(std::move(info));
    ordered.push_back(std::move(record));
  }
  d.adapters = std::move(infos);
  host.adapters = std::move(ordered);
  host.vnics = std::move(c.vnics);
  host.switches = std::move(c.switches);
  if (c.sockets > 0 && !d.topology) {
    Result<spec::HostTopology> t = TopologyOf(c);
    if (!t) return t.error();
    d.topology = *t;
    host.topology_from = c.processor_from;
  }
  if (d.registry.adapters.empty()) {
    return InputError({host.files.empty() ? "" : host.files.front(), 0, 0},
                      "no network adapter in these files (Get-NetAdapterVmq, Get-NetAdapterRss or "
                      "a reg export of the class key)");
  }
  return {};
}

}  // namespace

bool IsAdminHostPath(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return true;
  Result<FileKind> kind = KindOfFile(path);
  return kind && *kind == FileKind::kPowerShell;
}

Result<AdminHost> LoadAdminHost(const std::vector<std::string>& paths) {
  Result<std::vector<std::string>> files = Expand(paths);
  if (!files) return files.error();
  AdminHost host;
  host.files = *files;
  host.description.origin = files->empty() ? "" : files->front();
  host.description.registry.vmsmp_parameters.path = std::string(spec::kVmsmpParametersKey);
  Collected collected;
  bool have_json_host = false;
  for (const std::string& file : *files) {
    Result<FileKind> kind = KindOfFile(file);
    if (!kind) return kind.error();
    if (*kind == FileKind::kPowerShell) {
      Result<std::vector<PsRecord>> records = LoadPowerShellOutput(file);
      if (!records) return records.error();
      if (Result<void> ok = Collect(*records, collected); !ok) return ok.error();
      host.from_powershell = true;
      continue;
    }
    Result<spec::HostDescription> part = LoadHostDescription(file);
    if (!part) return part.error();
    if (*kind == FileKind::kHostJson && (part->topology || !part->teams.empty())) {
      if (have_json_host) {
        return InputError({file, 0, 0}, "a second JSON host description; give one per host");
      }
      have_json_host = true;
      host.description.topology = part->topology;
      host.description.teams = part->teams;
    }
    for (spec::AdapterRegistry& a : part->registry.adapters) {
      if (host.description.registry.FindAdapter(a.subkey) != nullptr) {
        return InputError({file, 0, 0}, "adapter subkey " + a.subkey + " appears in two files");
      }
      host.description.registry.adapters.push_back(std::move(a));
    }
    for (spec::AdapterInfo& info : part->adapters) host.description.adapters.push_back(info);
    if (!part->registry.vmsmp_parameters.values.empty()) {
      host.description.registry.vmsmp_parameters = part->registry.vmsmp_parameters;
    }
  }
  if (Result<void> ok = Join(collected, host); !ok) return ok.error();
  return host;
}

}  // namespace vmqkit::formats
