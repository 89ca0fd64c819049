// SPDX-License-Identifier: MIT
#pragma once

#include <QLabel>

/// One line under the ladder saying what its marks mean, in the ladder's
/// own colours: students should not have to guess what hatching is.
class LadderLegend : public QLabel
{
    Q_OBJECT
public:
    explicit LadderLegend(QWidget* parent = nullptr);

protected:
    void changeEvent(QEvent* event) override;

private:
    void updateText();
};
