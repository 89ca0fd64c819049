// SPDX-License-Identifier: MIT
#pragma once

#include "core/catalogue.h"

#include <QWidget>

#include <vector>

class QHBoxLayout;
class QLabel;

/// A thin bar above the ladder for catalogue scenarios that make a natural
/// pair (resources/scenarios/pairs.txt): a Compare button (a menu when there
/// are several partners), saying what each comparison shows. Hidden for other scenarios.
class CompareBar : public QWidget
{
    Q_OBJECT
public:
    struct Partner {
        QString path;    ///< the partner scenario's file
        QString title;
        QString what;    ///< what the comparison shows, from pairs.txt
    };

    explicit CompareBar(QWidget* parent = nullptr);
    /// The catalogue whose pairs the bar offers.
    void setCatalogue(const finscope::Catalogue& catalogue) { m_catalogue = catalogue; }
    /// The current scenario; a scenario without partners hides the bar.
    void setScenario(const QString& path);
    /// The partners of a catalogue scenario (by its path), in pairs.txt's order.
    static std::vector<Partner> partnersOf(const finscope::Catalogue& catalogue, const QString& path);
    int partnerCount() const { return static_cast<int>(m_partners.size()); }

Q_SIGNALS:
    void compareRequested(const QString& pathA, const QString& pathB);

private:
    QHBoxLayout* m_layout;
    QLabel* m_label;
    finscope::Catalogue m_catalogue;
    QString m_path;
    std::vector<Partner> m_partners;
    QList<QWidget*> m_buttons;
};
