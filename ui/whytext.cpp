// SPDX-License-Identifier: MIT
#include "ui/whytext.h"

#include "core/causesentences_zh.h"
#include "ui/uilanguage.h"

namespace WhyText {

QString shown(const std::string& why)
{
    if (UiLanguage::isChinese())
        if (auto zh = finscope::causesentences::whyZh(why))
            return QString::fromStdString(*zh);
    return QString::fromStdString(why);
}

} // namespace WhyText
