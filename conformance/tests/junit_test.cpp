// The JUnit report read back by a JUnit-shaped parser: a small XML reader (elements, attributes,
// entities) and the schema rules CI systems rely on (testsuites > testsuite > testcase, counts
// that add up, failure with type and message).
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <stdexcept>

#include "conformance/runner.h"
#include "duts/minimal/minimal_dut.h"

namespace vmqkit::conformance {
namespace {

struct Element {
  std::string name;
  std::map<std::string, std::string> attributes;
  std::vector<Element> children;
  std::string text;
};

class XmlReader {
 public:
  explicit XmlReader(std::string_view text) : s_(text) {}
  Element Document() {
    Skip();
    if (s_.substr(i_, 5) == "<?xml") i_ = s_.find("?>", i_) + 2;
    Skip();
    Element root = ReadElement();
    Skip();
    if (i_ != s_.size()) throw std::runtime_error("content after the root element");
    return root;
  }

 private:
  void Skip() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  std::string Decode(std::string_view raw) {
    std::string out;
    for (std::size_t k = 0; k < raw.size(); ++k) {
      if (raw[k] != '&') {
        out += raw[k];
        continue;
      }
      const auto end = raw.find(';', k);
      if (end == std::string_view::npos) throw std::runtime_error("bad entity");
      const std::string_view e = raw.substr(k + 1, end - k - 1);
      if (e == "lt")
        out += '<';
      else if (e == "gt")
        out += '>';
      else if (e == "amp")
        out += '&';
      else if (e == "quot")
        out += '"';
      else if (e == "apos")
        out += '\'';
      else
        throw std::runtime_error("unknown entity");
      k = end;
    }
    return out;
  }
  std::string Name() {
    const std::size_t start = i_;
    while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_' ||
                              s_[i_] == '-' || s_[i_] == ':')) {
      ++i_;
    }
    if (i_ == start) throw std::runtime_error("expected a name");
    return std::string(s_.substr(start, i_ - start));
  }
  Element ReadElement() {
    if (s_[i_] != '<') throw std::runtime_error("expected <");
    ++i_;
    Element e;
    e.name = Name();
    for (;;) {
      Skip();
      if (s_.substr(i_, 2) == "/>") {
        i_ += 2;
        return e;
      }
      if (s_[i_] == '>') {
        ++i_;
        break;
      }
      const std::string key = Name();
      Skip();
      if (s_[i_] != '=') throw std::runtime_error("expected =");
      ++i_;
      Skip();
      const char quote = s_[i_++];
      const auto end = s_.find(quote, i_);
      if (end == std::string_view::npos) throw std::runtime_error("unterminated attribute");
      if (e.attributes.count(key) != 0) throw std::runtime_error("duplicate attribute " + key);
      e.attributes[key] = Decode(s_.substr(i_, end - i_));
      i_ = end + 1;
    }
    for (;;) {
      const auto lt = s_.find('<', i_);
      if (lt == std::string_view::npos) throw std::runtime_error("unterminated element " + e.name);
      e.text += Decode(s_.substr(i_, lt - i_));
      i_ = lt;
      if (s_.substr(i_, 2) == "</") {
        i_ += 2;
        if (Name() != e.name) throw std::runtime_error("mismatched end tag for " + e.name);
        Skip();
        if (s_[i_++] != '>') throw std::runtime_error("expected >");
        return e;
      }
      e.children.push_back(ReadElement());
    }
  }
  std::string_view s_;
  std::size_t i_ = 0;
};

std::size_t Count(const Element& e, const std::string& attribute) {
  return static_cast<std::size_t>(std::stoul(e.attributes.at(attribute)));
}

void ExpectJUnitShape(const Element& root, std::size_t checks, std::size_t failures) {
  ASSERT_EQ(root.name, "testsuites");
  EXPECT_EQ(Count(root, "tests"), checks);
  EXPECT_EQ(Count(root, "failures"), failures);
  std::size_t cases = 0;
  std::size_t failed = 0;
  for (const Element& suite : root.children) {
    ASSERT_EQ(suite.name, "testsuite");
    ASSERT_TRUE(suite.attributes.count("name"));
    std::size_t suite_failures = 0;
    for (const Element& c : suite.children) {
      ASSERT_EQ(c.name, "testcase");
      EXPECT_TRUE(c.attributes.count("classname") && c.attributes.count("name") &&
                  c.attributes.count("time"));
      std::stod(c.attributes.at("time"));
      for (const Element& child : c.children) {
        if (child.name == "failure") {
          ++suite_failures;
          EXPECT_FALSE(child.attributes.at("type").empty());
          EXPECT_FALSE(child.attributes.at("message").empty());
        } else {
          EXPECT_TRUE(child.name == "properties" || child.name == "skipped") << child.name;
        }
      }
    }
    EXPECT_EQ(Count(suite, "tests"), suite.children.size());
    EXPECT_EQ(Count(suite, "failures"), suite_failures);
    cases += suite.children.size();
    failed += suite_failures;
  }
  EXPECT_EQ(cases, checks);
  EXPECT_EQ(failed, failures);
}

TEST(JUnit, PassingRunReadsBack) {
  RunReport report;
  report.checks.push_back({"lifecycle", "lifecycle.a", "[WDD] x", {}, {}, 0.5});
  report.checks.push_back({"routing", "route.b", "[WDD] y & <z>", {}, {}, 0.25});
  const Element root = XmlReader(ToJUnit(report)).Document();
  ExpectJUnitShape(root, 2, 0);
  EXPECT_EQ(root.children[1].children[0].children[0].children[0].attributes.at("value"),
            "[WDD] y & <z>");
}

TEST(JUnit, FailureCarriesRuleMessageAndEscapes) {
  RunReport report;
  CheckResult failed;
  failed.verdict = Verdict::kFail;
  failed.finding = Finding{"free.pends-while-outstanding", "[WDD] freeing-a-vm-queue",
                           "FREE_QUEUE returned \"SUCCESS\" <while> 2 frames & more"};
  report.checks.push_back({"lifecycle", "lifecycle.free", "src", failed, "out/x.jsonl", 1});
  CheckResult skipped;
  skipped.verdict = Verdict::kSkip;
  skipped.note = "not advertised";
  report.checks.push_back({"affinity", "affinity.x", "src", skipped, {}, 0});
  const Element root = XmlReader(ToJUnit(report)).Document();
  ExpectJUnitShape(root, 2, 1);
  const Element& failure = root.children[0].children[0].children[1];
  EXPECT_EQ(failure.attributes.at("type"), "free.pends-while-outstanding");
  EXPECT_EQ(failure.attributes.at("message"), failed.finding->message);
  EXPECT_NE(failure.text.find("out/x.jsonl"), std::string::npos);
  EXPECT_EQ(Count(root.children[1], "skipped"), 1u);
}

TEST(JUnit, ReportOfARealRunReadsBack) {
  RunOptions o;
  o.steps = 100;
  o.isolate = false;
  o.suites = {"lifecycle", "routing"};
  const RunReport report = RunConformance(duts::MinimalDutOps(), "minimal", o);
  const Element root = XmlReader(ToJUnit(report)).Document();
  ExpectJUnitShape(root, report.checks.size(), 0);
}

TEST(JUnit, ReaderRejectsBrokenXml) {
  EXPECT_THROW(XmlReader("<a><b></a>").Document(), std::runtime_error);
  EXPECT_THROW(XmlReader("<a x=\"1\" x=\"2\"/>").Document(), std::runtime_error);
  EXPECT_THROW(XmlReader("<a>&bogus;</a>").Document(), std::runtime_error);
}

}  // namespace
}  // namespace vmqkit::conformance
