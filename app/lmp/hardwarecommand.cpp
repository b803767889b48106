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
        for (const auto& p : catalogue.profiles()) {
            std::ostringstream bw;
            bw << std::setprecision(4) << p.bandwidth / 1e12;
            m_out << std::left << std::setw(20) << p.id << std::setw(34) << p.name << std::right << std::setw(8)
                  << si(Number::real(p.matrixPeak("bf16"))) << "FLOP/s bf16  " << bw.str() << " TB/s  "
                  << std::setprecision(4) << p.memoryBytes / double(1 << 30) << " GiB\n";
        }
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
