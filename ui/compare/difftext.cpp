// SPDX-License-Identifier: MIT
#include "ui/compare/difftext.h"

#include "core/tracediff_zh.h"
#include "ui/uilanguage.h"

namespace DiffText {

QString fact(finscope::StepFact::Kind kind, const std::string& text)
{
    if (UiLanguage::isChinese())
        if (auto zh = finscope::tracediffzh::factZh(kind, text))
            return QString::fromStdString(*zh);
    return QString::fromStdString(text);
}

QString note(const std::string& text)
{
    if (UiLanguage::isChinese())
        if (auto zh = finscope::tracediffzh::noteZh(text))
            return QString::fromStdString(*zh);
    return QString::fromStdString(text);
}

QString kind(finscope::StepFact::Kind kind)
{
    return QString::fromUtf8(UiLanguage::isChinese() ? finscope::tracediffzh::kindZh(kind)
                                                     : finscope::factKindName(kind));
}

} // namespace DiffText
