// SPDX-License-Identifier: MIT
#include "ui/predict/predictpanel.h"

#include "ui/runnerprocess.h"

#include <QButtonGroup>
#include <QFile>
#include <QFileDialog>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {
QLabel* wrapped(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::LinksAccessibleByMouse);
    return label;
}
} // namespace

PredictPanel::PredictPanel(RunnerProcess* runner, QWidget* parent)
    : QWidget(parent), m_runner(runner), m_heading(new QLabel(this)), m_body(new QWidget), m_proceed(new QPushButton(this)),
      m_save(new QPushButton(tr("Save answers…"), this))
{
    m_heading->setWordWrap(true);
    m_bodyLayout = new QVBoxLayout(m_body);
    m_bodyLayout->setContentsMargins(0, 0, 0, 0);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(m_body);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_save);
    buttons->addStretch(1);
    buttons->addWidget(m_proceed);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_heading);
    layout->addWidget(scroll, 1);
    layout->addLayout(buttons);
    m_save->setToolTip(tr("Save the questions and answers as JSON, for a course's autograder"));
    connect(m_proceed, &QPushButton::clicked, this, &PredictPanel::proceed);
    connect(m_save, &QPushButton::clicked, this, &PredictPanel::saveDialog);
    connect(m_runner, &RunnerProcess::eventsRead, this, &PredictPanel::onEvents);
    connect(m_runner, &RunnerProcess::paused, this, &PredictPanel::onPaused);
    connect(m_runner, &RunnerProcess::finished, this, &PredictPanel::onRunFinished);
    m_heading->setText(tr("<b>Predict, then reveal.</b> Run ▸ Predict (Ctrl+P) runs the scenario one step at a time "
                          "and asks, before each step, what the kernel will do."));
    updateButtons();
}

void PredictPanel::begin(const finscope::Scenario& scenario)
{
    m_quiz.start(scenario);
    m_active = true;
    m_pendingPause = -1;
    m_phase = Phase::Running;
    m_heading->setText(tr("<b>Predict:</b> %1").arg(QString::fromStdString(scenario.title).toHtmlEscaped()));
    clearBody();
    m_bodyLayout->addWidget(wrapped(tr("Starting the run…"), m_body));
    m_bodyLayout->addStretch(1);
    updateButtons();
}

void PredictPanel::cancel()
{
    m_active = false;
    m_phase = Phase::Idle;
    updateButtons();
}

void PredictPanel::onEvents(const std::vector<finscope::TraceEvent>& events)
{
    if (m_active)
        m_quiz.addEvents(events);
}

void PredictPanel::onPaused(int index, int /*line*/)
{
    if (!m_active)
        return;
    // The runner waits before `index`: whatever ran since the last pause is complete.
    const PredictQuiz::StepRecord* previous = m_quiz.current();
    const bool hadQuestions = previous && !previous->revealed && !previous->questions.empty();
    m_quiz.reveal();
    if (hadQuestions) {
        m_pendingPause = index;
        return showReveal();
    }
    m_quiz.ask(index);
    showQuestions();
}

void PredictPanel::onRunFinished()
{
    if (!m_active)
        return;
    // Stopped while a question waited: that step never ran, so it is not revealed (nor scored).
    const bool ran = !(m_phase == Phase::Asking && m_runner->stopRequested());
    const PredictQuiz::StepRecord* previous = m_quiz.current();
    const bool hadQuestions = ran && previous && !previous->revealed && !previous->questions.empty();
    if (ran)
        m_quiz.reveal();
    m_pendingPause = -1;
    m_active = false;
    if (hadQuestions)
        showReveal();   // its Continue button shows the score
    else
        showScore();
}

void PredictPanel::choose(int question, int choice)
{
    if (m_phase == Phase::Asking && m_quiz.answer(question, choice))
        updateButtons();
}

void PredictPanel::proceed()
{
    switch (m_phase) {
    case Phase::Asking:
        if (!m_quiz.allAnswered())
            return;
        m_phase = Phase::Running;
        updateButtons();
        m_runner->next();
        break;
    case Phase::Revealed:
        if (m_pendingPause >= 0) {
            m_quiz.ask(std::exchange(m_pendingPause, -1));
            showQuestions();
        } else {
            showScore();
        }
        break;
    default:
        break;
    }
}

void PredictPanel::clearBody()
{
    while (QLayoutItem* item = m_bodyLayout->takeAt(0)) {
        if (QWidget* w = item->widget())
            w->deleteLater();
        delete item;
    }
}

/// The author's explanation as written in the .fsc block: paragraphs kept,
/// and the line breaks inside one joined the way the language joins them
/// (a space between English words, nothing between Chinese characters).
static QString explanationHtml(const QString& text)
{
    QStringList paragraphs = text.split(u"\n\n"_s);
    for (QString& para : paragraphs) {
        const QStringList lines = para.split(u'\n');
        QString joined;
        for (const QString& line : lines) {
            const bool cjk = !joined.isEmpty() && !line.isEmpty() &&
                             (joined.back().unicode() >= 0x2E80 || line.front().unicode() >= 0x2E80);
            if (!joined.isEmpty() && !cjk)
                joined += u' ';
            joined += line;
        }
        para = joined.toHtmlEscaped();
    }
    return paragraphs.join(u"<br><br>"_s);
}

QWidget* PredictPanel::questionBox(const PredictQuestion& q, int number, bool reveal)
{
    auto* box = new QGroupBox(m_body);
    auto* layout = new QVBoxLayout(box);
    layout->addWidget(wrapped(u"<b>%1.</b> %2"_s.arg(number + 1).arg(q.prompt.toHtmlEscaped()), box));
    auto* group = new QButtonGroup(box);
    for (std::size_t i = 0; i < q.choices.size(); ++i) {
        auto* radio = new QRadioButton(q.choices[i].label, box);
        const int c = static_cast<int>(i);
        radio->setChecked(q.chosen == c);
        if (reveal) {
            // Answers are final, but stay readable (a disabled button is grey).
            radio->setAttribute(Qt::WA_TransparentForMouseEvents);
            radio->setFocusPolicy(Qt::NoFocus);
        }
        if (reveal && c == q.right && q.known)
            radio->setText(q.choices[i].label + u"   ✔"_s);
        group->addButton(radio, c);
        layout->addWidget(radio);
    }
    if (!reveal) {
        connect(group, &QButtonGroup::idClicked, this, [this, number](int id) { choose(number, id); });
        return box;
    }
    QString verdict;
    if (!q.known)
        verdict = tr("<i>Not scored:</i> %1").arg(q.truth.toHtmlEscaped());
    else if (q.topic == PredictQuestion::Topic::Author && !q.correct)
        verdict = tr("<span style='color:#cf222e'><b>Wrong.</b></span> The author's answer: %1").arg(q.truth.toHtmlEscaped());
    else if (q.correct)
        verdict = tr("<span style='color:#1a7f37'><b>Right.</b></span> %1").arg(q.truth.toHtmlEscaped());
    else
        verdict = tr("<span style='color:#cf222e'><b>Wrong.</b></span> What happened: %1").arg(q.truth.toHtmlEscaped());
    layout->addWidget(wrapped(verdict, box));
    if (!q.explain.isEmpty())
        layout->addWidget(wrapped(tr("<i>The author explains:</i> %1").arg(explanationHtml(q.explain)), box));
    return box;
}

void PredictPanel::showQuestions()
{
    m_phase = Phase::Asking;
    clearBody();
    const PredictQuiz::StepRecord* step = m_quiz.current();
    if (!step)
        return;
    m_bodyLayout->addWidget(wrapped(tr("<b>Step %1</b> (line %2) — %3: <code>%4</code>")
                                        .arg(step->index + 1)
                                        .arg(step->line)
                                        .arg(step->endpoint.toHtmlEscaped(), step->text.toHtmlEscaped()),
                                    m_body));
    if (step->questions.empty()) {
        // Nothing worth guessing (socket(), sleep()): run it without a stop.
        m_bodyLayout->addWidget(wrapped(tr("Nothing to predict here."), m_body));
        m_bodyLayout->addStretch(1);
        m_phase = Phase::Running;
        updateButtons();
        m_runner->next();
        return;
    }
    for (std::size_t i = 0; i < step->questions.size(); ++i)
        m_bodyLayout->addWidget(questionBox(step->questions[i], static_cast<int>(i), false));
    m_bodyLayout->addStretch(1);
    updateButtons();
}

void PredictPanel::showReveal()
{
    m_phase = Phase::Revealed;
    clearBody();
    const PredictQuiz::StepRecord* step = m_quiz.current();
    if (!step)
        return;
    m_bodyLayout->addWidget(wrapped(tr("<b>Step %1 ran</b> — %2: <code>%3</code>")
                                        .arg(step->index + 1)
                                        .arg(step->endpoint.toHtmlEscaped(), step->text.toHtmlEscaped()),
                                    m_body));
    for (std::size_t i = 0; i < step->questions.size(); ++i)
        m_bodyLayout->addWidget(questionBox(step->questions[i], static_cast<int>(i), true));
    if (!step->reasons.empty()) {
        m_bodyLayout->addWidget(wrapped(tr("<b>Why</b> (click to see it in the ladder)"), m_body));
        for (const auto& reason : step->reasons) {
            auto* label = wrapped(u"<a href='%1'>%2</a>"_s.arg(reason.row).arg(reason.text.toHtmlEscaped()), m_body);
            connect(label, &QLabel::linkActivated, this, [this](const QString& link) { Q_EMIT eventActivated(link.toInt()); });
            m_bodyLayout->addWidget(label);
        }
    }
    m_bodyLayout->addStretch(1);
    if (step->eventRow >= 0)
        Q_EMIT eventActivated(step->eventRow);
    updateButtons();
}

void PredictPanel::showScore()
{
    m_phase = Phase::Done;
    clearBody();
    const int correct = m_quiz.correctCount();
    const int scored = m_quiz.scoredCount();
    m_bodyLayout->addWidget(wrapped(tr("<h3>Score: %1 of %2</h3>").arg(correct).arg(scored), m_body));
    const auto mistakes = m_quiz.mistakes();
    if (mistakes.empty()) {
        m_bodyLayout->addWidget(wrapped(scored ? tr("No mistakes: every prediction held.") : tr("Nothing was scored."), m_body));
    } else {
        m_bodyLayout->addWidget(wrapped(tr("Mistakes (click one to see its step):"), m_body));
        auto* list = new QListWidget(m_body);
        for (const auto& m : mistakes) {
            const auto& step = m_quiz.steps()[static_cast<std::size_t>(m.step)];
            const auto& q = step.questions[static_cast<std::size_t>(m.question)];
            const QString chosen = q.chosen >= 0 ? q.choices[static_cast<std::size_t>(q.chosen)].label : tr("no answer");
            auto* item = new QListWidgetItem(tr("Step %1 %2: %3 — you said %4; it was %5")
                                                 .arg(step.index + 1)
                                                 .arg(step.text, q.prompt, chosen, q.truth),
                                             list);
            item->setData(Qt::UserRole, m.row);
            item->setToolTip(item->text());
        }
        list->setWordWrap(true);
        connect(list, &QListWidget::itemActivated, this,
                [this](QListWidgetItem* item) { Q_EMIT eventActivated(item->data(Qt::UserRole).toInt()); });
        connect(list, &QListWidget::itemClicked, this,
                [this](QListWidgetItem* item) { Q_EMIT eventActivated(item->data(Qt::UserRole).toInt()); });
        m_bodyLayout->addWidget(list, 1);
    }
    m_bodyLayout->addStretch(0);
    updateButtons();
    Q_EMIT finished(correct, scored);
}

void PredictPanel::updateButtons()
{
    m_proceed->setVisible(m_phase == Phase::Asking || m_phase == Phase::Revealed);
    if (m_phase == Phase::Asking) {
        m_proceed->setText(tr("Run this step"));
        m_proceed->setEnabled(m_quiz.allAnswered());
        m_proceed->setToolTip(tr("Answer every question, then let the kernel run the step"));
    } else {
        m_proceed->setText(m_pendingPause >= 0 ? tr("Next step") : tr("See the score"));
        m_proceed->setEnabled(true);
        m_proceed->setToolTip(QString());
    }
    m_proceed->setDefault(true);
    m_save->setEnabled(!m_quiz.steps().empty());
}

bool PredictPanel::saveAnswers(const QString& path, QString* error) const
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(m_quiz.toJson()) < 0) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

void PredictPanel::saveDialog()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save Answers"), u"predict.json"_s,
                                                      tr("JSON files (*.json)"));
    QString error;
    if (!path.isEmpty() && !saveAnswers(path, &error))
        m_heading->setText(tr("Cannot write %1: %2").arg(path, error));
}
