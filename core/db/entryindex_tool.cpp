// SPDX-License-Identifier: GPL-3.0-or-later
// lmp-dbindex DATABASE INDEX: writes where the entries of a module database text sit (entryindex.h), for the build.
#include "entryindex.h"

#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

int main(int argc, char** argv)
{
    if (argc != 3) {
        std::cerr << "usage: lmp-dbindex DATABASE INDEX\n";
        return 2;
    }
    std::ifstream in(argv[1], std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) {
        std::cerr << "lmp-dbindex: cannot read " << argv[1] << "\n";
        return 1;
    }
    std::ofstream out(argv[2], std::ios::binary | std::ios::trunc);
    out << lmp::db::writeEntryIndex(text.size(), lmp::db::databaseEntries(text));
    out.close();
    if (!out) {
        std::cerr << "lmp-dbindex: cannot write " << argv[2] << "\n";
        return 1;
    }
    return 0;
}
