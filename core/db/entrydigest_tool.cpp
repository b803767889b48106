// SPDX-License-Identifier: GPL-3.0-or-later
// lmp-dbdigest DATABASE DIGEST: writes what an analysis takes from each entry of a module database (entrydigest.h),
// each entry read on its own by the whole loader, as LazyDatabase::select() reads it; for the build.
#include "entrydigest.h"
#include "lazydatabase.h"

#include <QFile>
#include <QString>

#include <cstdio>

int main(int argc, char** argv)
{
    if (argc != 3) {
        std::fprintf(stderr, "usage: lmp-dbdigest DATABASE DIGEST\n");
        return 2;
    }
    QFile in(QString::fromLocal8Bit(argv[1]));
    if (!in.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "lmp-dbdigest: cannot read %s\n", argv[1]);
        return 1;
    }
    const QByteArray text = in.readAll();
    // No user layer: the built-in entries alone.
    auto opened = lmp::db::LazyDatabase::fromText(text, QString::fromLocal8Bit(argv[1]), QString());
    std::vector<lmp::db::EntryDigest> digests;
    if (const auto* database = std::get_if<lmp::db::LazyDatabase>(&opened))
        digests = lmp::db::digestBuiltinEntries(*database);
    else
        std::fprintf(stderr, "lmp-dbdigest: %s: %s (no digest written)\n", argv[1],
            std::get<lmp::db::DbError>(opened).describe().c_str());
    // A text that is not indexed (or does not read) gets a digest of no entries: the start then reads the JSON.
    const std::string out = lmp::db::writeEntryDigests(static_cast<std::size_t>(text.size()), digests);
    QFile file(QString::fromLocal8Bit(argv[2]));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
        || file.write(out.data(), static_cast<qint64>(out.size())) != static_cast<qint64>(out.size())) {
        std::fprintf(stderr, "lmp-dbdigest: cannot write %s\n", argv[2]);
        return 1;
    }
    return 0;
}
