// SPDX-License-Identifier: MIT
#include "ladderfixture.h"

#include "ui/ladderaccessible.h"

#include <QAccessible>
#include <QItemSelectionModel>
#include <QTest>

using namespace Qt::StringLiterals;

/// What a screen reader gets from the ladder: one child per drawn event,
/// named by the event and described by its lane.
class TestLadderAccessible : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { LadderAccessible::installFactory(); }

    void everyDrawnEventIsAChildWithItsTextAndLane()
    {
        TraceModel model;
        LadderView view;
        view.resize(1200, 800);
        view.setModel(&model);
        model.append(fixture::cannedTrace());
        model.flush();

        QAccessibleInterface* ladder = QAccessible::queryAccessibleInterface(&view);
        QVERIFY(ladder);
        QCOMPARE(ladder->role(), QAccessible::List);
        QVERIFY(!ladder->text(QAccessible::Name).isEmpty());

        int drawn = 0;
        for (int row = 0; row < model.rowCount(); ++row)
            drawn += view.layout().rowOfEvent(row) >= 0 ? 1 : 0;
        QVERIFY(drawn > 30);
        QCOMPARE(ladder->childCount(), drawn);

        // The write that fails with EPIPE, in words, in the server's syscall lane.
        QStringList names;
        int epipe = -1;
        for (int i = 0; i < ladder->childCount(); ++i) {
            QAccessibleInterface* child = ladder->child(i);
            QVERIFY(child);
            QCOMPARE(child->parent(), ladder);
            QCOMPARE(ladder->indexOfChild(child), i);
            QCOMPARE(ladder->child(i), child);   // the same interface each time
            QCOMPARE(child->role(), QAccessible::ListItem);
            QVERIFY(!child->text(QAccessible::Name).isEmpty());
            QVERIFY(!child->text(QAccessible::Description).isEmpty());
            names << child->text(QAccessible::Name);
            if (child->text(QAccessible::Name) == u"server: write(5, \"456\", 3) = -1 EPIPE"_s)
                epipe = i;
        }
        QVERIFY2(epipe >= 0, qPrintable(names.join(u'\n')));
        QCOMPARE(ladder->child(epipe)->text(QAccessible::Description), u"server, system calls"_s);
        // Packets say where they go; states whose socket they are.
        QVERIFY(names.contains(u"packet from client to server: F. 1:1(0) ack 1"_s));
        const auto stateRow = std::find_if(names.begin(), names.end(),
                                           [](const QString& n) { return n.startsWith(u"client: "_s) && n.endsWith(u"FIN_WAIT2"_s); });
        QVERIFY2(stateRow != names.end(), qPrintable(names.join(u'\n')));
        QCOMPARE(ladder->child(static_cast<int>(stateRow - names.begin()))->text(QAccessible::Description),
                 u"client, TCP state"_s);
    }

    void theChildrenFollowTheModel()
    {
        TraceModel model;
        LadderView view;
        view.setModel(&model);
        QAccessibleInterface* ladder = QAccessible::queryAccessibleInterface(&view);
        QCOMPARE(ladder->childCount(), 0);
        auto events = fixture::cannedTrace();
        const std::vector<finscope::TraceEvent> firstHalf(events.begin(), events.begin() + 20);
        model.append(firstHalf);
        model.flush();
        const int some = ladder->childCount();
        QVERIFY(some > 0);
        QAccessibleInterface* first = ladder->child(0);
        model.append(std::vector<finscope::TraceEvent>(events.begin() + 20, events.end()));
        model.flush();
        QVERIFY(ladder->childCount() > some);
        QCOMPARE(ladder->child(0), first);
        // A new run starts empty.
        model.clear();
        QCOMPARE(ladder->childCount(), 0);
        model.append(firstHalf);
        model.flush();
        QCOMPARE(ladder->childCount(), some);
    }

    void theCurrentEventIsTheFocusedChild()
    {
        TraceModel model;
        LadderView view;
        QItemSelectionModel selection(&model);
        view.setModel(&model);
        view.setSelectionModel(&selection);
        model.append(fixture::cannedTrace());
        model.flush();
        view.show();
        view.activateWindow();
        view.setFocus();
        QVERIFY(QTest::qWaitForWindowActive(&view));
        QTRY_VERIFY(view.hasFocus());
        auto* ladder = dynamic_cast<LadderAccessible*>(QAccessible::queryAccessibleInterface(&view));
        QVERIFY(ladder);
        const int row = ladder->eventOfChild(5);
        selection.setCurrentIndex(model.index(row, 0), QItemSelectionModel::ClearAndSelect);
        QAccessibleInterface* focused = ladder->focusChild();
        QVERIFY(focused);
        QCOMPARE(focused->text(QAccessible::Name), LadderAccessible::eventText(model, row));
        QVERIFY(focused->state().selected);
        QVERIFY(focused->state().focused);
    }
};

QTEST_MAIN(TestLadderAccessible)
#include "tst_ladderaccessible.moc"
