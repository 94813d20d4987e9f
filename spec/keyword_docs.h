#pragma once
// Renderings of the keyword catalog for people (docs/keywords.md) and programs (JSON).
#include <nlohmann/json.hpp>
#include <string>

namespace vmqkit::spec {

std::string KeywordCatalogMarkdown();
// One line per keyword, for `vmqkit keywords`.
std::string KeywordCatalogText();
nlohmann::json KeywordCatalogJson();

}  // namespace vmqkit::spec
