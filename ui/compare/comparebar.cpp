// SPDX-License-Identifier: MIT
#include "ui/compare/comparebar.h"

#include "ui/uilanguage.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QToolButton>

#include <algorithm>

CompareBar::CompareBar(QWidget* parent) : QWidget(parent), m_layout(new QHBoxLayout(this)), m_label(new QLabel(this))
{
    m_layout->setContentsMargins(6, 2, 6, 2);
    m_label->setText(tr("Natural pair:"));
    m_layout->addWidget(m_label);
    m_layout->addStretch(1);
    hide();
}

std::vector<CompareBar::Partner> CompareBar::partnersOf(const finscope::Catalogue& catalogue, const QString& path)
{
    std::vector<Partner> partners;
    const auto entries = catalogue.entries();
    const auto self = std::find_if(entries.begin(), entries.end(),
                                   [&](const finscope::CatalogueEntry& e) { return QString::fromStdString(e.path) == path; });
    if (self == entries.end())
        return partners;
    for (const std::string& id : self->compareWith) {
        const auto other = catalogue.find(id);
        if (!other)
            continue;
        const auto shown = catalogue.localized(*other, UiLanguage::current().toStdString());
        Partner p{QString::fromStdString(other->path), QString::fromStdString(shown.title), {}};
        for (const auto& pair : catalogue.pairs())
            if ((pair.a == self->id && pair.b == id) || (pair.b == self->id && pair.a == id))
                p.what = QString::fromStdString(pair.what);
        partners.push_back(p);
    }
    return partners;
}

void CompareBar::setScenario(const QString& path)
{
    const std::vector<Partner> partners = partnersOf(m_catalogue, path);
    m_path = path;
    m_partners = partners;
    qDeleteAll(m_buttons);
    m_buttons.clear();
    // One button: a single partner is compared at once, several are a menu,
    // so the bar never widens the window.
    if (!partners.empty()) {
        auto* button = new QToolButton(this);
        button->setAutoRaise(false);
        const auto request = [this](const QString& partner) { Q_EMIT compareRequested(m_path, partner); };
        if (partners.size() == 1) {
            const Partner& p = partners.front();
            button->setText(tr("Compare with “%1”").arg(p.title));
            button->setToolTip(p.what.isEmpty() ? tr("Run both side by side and see what differs")
                                                : tr("Run both side by side: %1").arg(p.what));
            connect(button, &QToolButton::clicked, this, [request, path = p.path] { request(path); });
        } else {
            button->setText(tr("Compare with…"));
            button->setToolTip(tr("Run this scenario and a natural partner side by side and see what differs"));
            button->setPopupMode(QToolButton::InstantPopup);
            auto* menu = new QMenu(button);
            for (const Partner& p : partners) {
                QAction* action = menu->addAction(p.what.isEmpty() ? p.title : tr("%1 — %2").arg(p.title, p.what),
                                                  this, [request, path = p.path] { request(path); });
                action->setToolTip(p.what);
            }
            button->setMenu(menu);
        }
        m_layout->insertWidget(m_layout->count() - 1, button);
        m_buttons.append(button);
    }
    setVisible(!partners.empty());
}
