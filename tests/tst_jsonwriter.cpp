// SPDX-License-Identifier: GPL-3.0-or-later
// Exact integers in JSON output, past 2^64 too, and text a JSON parser reads back.

#include "report/jsonwriter.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <nlohmann/json.hpp>

using lmp::formula::Number;
using lmp::report::JsonWriter;

class TestJsonWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void numbers_data();
    void numbers();
    void structure();
    void escapes();
};

void TestJsonWriter::numbers_data()
{
    QTest::addColumn<QString>("formulaValue");
    QTest::addColumn<QString>("json");
    QTest::addRow("small") << "42"
                           << "42";
    QTest::addRow("negative") << "-7"
                              << "-7";
    // 2^64 + 1 and 10^30 + 1: a double or a 64-bit integer would lose the last digit.
    QTest::addRow("past 2^64") << "18446744073709551617"
                               << "18446744073709551617";
    QTest::addRow("1e30 plus one") << "1000000000000000000000000000001"
                                   << "1000000000000000000000000000001";
    QTest::addRow("real") << "0.5"
                          << "0.5";
    QTest::addRow("whole real keeps a point") << "3.0"
                                              << "3.0";
}

void TestJsonWriter::numbers()
{
    QFETCH(QString, formulaValue);
    QFETCH(QString, json);
    const auto n = Number::parse(formulaValue.toStdString());
    QVERIFY(n);
    JsonWriter w;
    w.beginObject().key("v").value(*n).endObject();
    QCOMPARE(QString::fromStdString(w.str()), QStringLiteral("{\n  \"v\": %1\n}\n").arg(json));
    // A JSON parser accepts it.
    QVERIFY(!nlohmann::json::parse(w.str(), nullptr, false).is_discarded());
}

void TestJsonWriter::structure()
{
    JsonWriter w;
    w.beginObject();
    w.key("a").value(1);
    w.key("list").beginArray().value("x").value(true).null().endArray();
    w.key("empty").beginObject().endObject();
    w.key("inf").value(Number::real(1.0 / 0.0));
    w.endObject();
    const QString expected = QStringLiteral("{\n  \"a\": 1,\n  \"list\": [\n    \"x\",\n    true,\n    null\n  ],\n"
                                            "  \"empty\": {},\n  \"inf\": null\n}\n");
    QCOMPARE(QString::fromStdString(w.str()), expected);
    const auto doc = QJsonDocument::fromJson(QByteArray::fromStdString(w.str()));
    QVERIFY(doc.isObject());
    QCOMPARE(doc.object().value(u"a").toInt(), 1);
}

void TestJsonWriter::escapes()
{
    QCOMPARE(QString::fromStdString(JsonWriter::quote("a\"b\\c\nd\x01")), QStringLiteral("\"a\\\"b\\\\c\\nd\\u0001\""));
    QCOMPARE(QString::fromStdString(JsonWriter::quote("\xc3\xa9")), QStringLiteral("\"\u00e9\""));
}

QTEST_GUILESS_MAIN(TestJsonWriter)
#include "tst_jsonwriter.moc"
