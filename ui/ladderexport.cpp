// SPDX-License-Identifier: MIT
#include "ui/ladderexport.h"

#include "ui/ladderview.h"
#include "ui/tracemodel.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QImage>
#include <QPageLayout>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>

using namespace Qt::StringLiterals;

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("LadderExport", text);
}

// Each writer paints through the view's own renderFigure(); they differ only in
// the paint device. The device gets the view's logical DPI so that fonts
// given in points come out at the size the layout measured them with.
bool paintSvg(const LadderView& view, QSaveFile& file, const QSize& size)
{
    QSvgGenerator svg;
    svg.setOutputDevice(&file);
    svg.setResolution(view.logicalDpiX());
    svg.setSize(size);
    svg.setViewBox(QRect(QPoint(0, 0), size));
    svg.setTitle(view.window()->windowTitle());
    svg.setDescription(QCoreApplication::translate("LadderExport", "TCP ladder diagram drawn by FinScope"));
    QPainter p;
    if (!p.begin(&svg))
        return false;
    view.renderFigure(p);
    return p.end();
}

bool paintPdf(const LadderView& view, QSaveFile& file, const QSize& size)
{
    QPdfWriter pdf(&file);
    const int dpi = view.logicalDpiX();
    pdf.setResolution(dpi);
    pdf.setCreator(u"FinScope"_s);
    pdf.setTitle(view.window()->windowTitle());
    // One page exactly the figure's size: a figure, not a document.
    const QSizeF points(size.width() * 72.0 / dpi, size.height() * 72.0 / dpi);
    pdf.setPageLayout(QPageLayout(QPageSize(points, QPageSize::Point, QString(), QPageSize::ExactMatch),
                                  QPageLayout::Portrait, QMarginsF()));
    QPainter p;
    if (!p.begin(&pdf))
        return false;
    view.renderFigure(p);
    return p.end();
}

bool paintPng(const LadderView& view, QSaveFile& file, const QSize& size)
{
    // At the screen's pixel ratio, so a figure from a HiDPI screen stays sharp.
    const qreal ratio = std::max<qreal>(1.0, view.devicePixelRatioF());
    QImage image(size * ratio, QImage::Format_ARGB32_Premultiplied);
    if (image.isNull())
        return false;   // too big to allocate
    image.setDevicePixelRatio(ratio);
    image.fill(view.palette().color(QPalette::Base));
    {
        QPainter p(&image);
        view.renderFigure(p);
    }
    return image.save(&file, "PNG");
}

} // namespace

std::optional<LadderExport::Format> LadderExport::formatFor(const QString& path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == u"svg"_s)
        return Format::Svg;
    if (suffix == u"pdf"_s)
        return Format::Pdf;
    if (suffix == u"png"_s)
        return Format::Png;
    return std::nullopt;
}

QString LadderExport::knownSuffixes()
{
    return u"svg, pdf, png"_s;
}

QString LadderExport::write(const LadderView& view, const QString& path)
{
    const auto format = formatFor(path);
    if (!format)
        return tr("Cannot export to %1: the name must end in .svg, .pdf or .png.").arg(path);
    return write(view, path, *format);
}

QString LadderExport::write(const LadderView& view, const QString& path, Format format)
{
    const QSize size = view.figureSize();
    if (size.isEmpty())
        return tr("Cannot export to %1: the ladder is empty.").arg(path);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return tr("Cannot write %1: %2").arg(path, file.errorString());
    bool painted = false;
    switch (format) {
    case Format::Svg: painted = paintSvg(view, file, size); break;
    case Format::Pdf: painted = paintPdf(view, file, size); break;
    case Format::Png: painted = paintPng(view, file, size); break;
    }
    if (!painted || file.error() != QFileDevice::NoError) {
        const QString why = file.error() != QFileDevice::NoError ? file.errorString() : tr("drawing the figure failed");
        file.cancelWriting();
        return tr("Cannot write %1: %2").arg(path, why);
    }
    if (!file.commit())
        return tr("Cannot write %1: %2").arg(path, file.errorString());
    return QString();
}
