// SPDX-License-Identifier: GPL-3.0-or-later
#include "session.h"

namespace lmp::cli {

int Session::hardwareCommand()
{
    if (m_options.positional.size() < 2 || (m_options.positional[1] != "list" && m_options.positional[1] != "show")
        || (m_options.positional[1] == "show" && m_options.positional.size() != 3)) {
        m_err << "lmp: hardware list, or hardware show ID\n";
        return BadInput;
    }
    auto loaded = hardware::Catalogue::loadBuiltin({ hardware::Catalogue::defaultUserFolder() });
    if (const auto* e = std::get_if<hardware::ProfileError>(&loaded)) {
        m_err << "lmp: " << e->describe() << "\n";
        return BadInput;
    }
    const auto& catalogue = std::get<hardware::Catalogue>(loaded);
    if (m_options.positional[1] == "list") {
        // One table through the report's formatting: a peak the vendor does not publish is a dash, never 0.
        std::vector<std::vector<std::string>> rows;
        for (const auto& p : catalogue.profiles()) {
            const double bf16 = p.matrixPeak("bf16");
            std::ostringstream memory;
            memory << std::setprecision(4) << p.memoryBytes / double(1 << 30) << " GiB";
            rows.push_back({ p.id, p.name, bf16 > 0 ? report::siText(bf16, "FLOP/s") : std::string("-"),
                report::siText(p.bandwidth, "B/s"), memory.str(),
                p.performance.fitted ? std::string("fitted to measured kernels") : std::string("defaults") });
        }
        m_out << report::textTable(
            { "id", "name", "matrix bf16", "bandwidth", "memory", "expected-time model" }, rows, false, 2, { 5 });
        return Success;
    }
    const hardware::Profile* p = catalogue.find(m_options.positional[2]);
    if (!p) {
        m_err << "lmp: no hardware profile '" << m_options.positional[2] << "' (lmp hardware list)\n";
        return BadInput;
    }
    QFile f(p->file);
    if (f.open(QIODevice::ReadOnly))
        m_out << f.readAll().toStdString();
    return Success;
}

} // namespace lmp::cli
