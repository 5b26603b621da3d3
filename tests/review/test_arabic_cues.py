"""Arabic cues across the dialects (Gulf, Egyptian, Levantine, Maghrebi, MSA): each behaviour
a reviewer would notice, with the harmless post or reply that must still pass."""

import pytest

from poise.review import Severity, Verdict

from .factories import check, fired

# --- wrong account: a person's own post sent from the brand's account ---------------------


@pytest.mark.parametrize(
    "text",
    [
        # Gulf: bored at work, wants to get away, rounds up friends
        "الدوام اليوم طفش 😩 ودي أطلع البر… مين فاضي الليلة؟",
        # Egyptian: asks the crowd for a dentist, the tooth is killing them
        "حد يعرف دكتور أسنان كويس في المعادي؟ ضرسي هيموتني من امبارح 😭",
        # Levantine: asks for a dermatologist, my skin
        "حدا بيعرف دكتور جلدية منيح ببيروت؟ بشرتي عم تجنني 😫",
        # Maghrebi: never buying again, wasted my money
        "ماعمرني نعاود نشري من هاد الماركة، ضيعت فلوسي على والو 😤",
        # a personal hot take
        "رأيي الشخصي؟ المدرب لازم يمشي، واللي بيدافع عنه ما بيفهم شي 🙄",
        # off work and going out partying
        "خلصنا الدوام وطالعين نسهر 🎉 مين جاي معي؟",
        # worn out, wants to sleep
        "ودي أنام يومين متواصلين 😴 الدوام هلكني",
    ],
)
def test_a_personal_post_in_any_dialect_is_flagged(text: str) -> None:
    assert fired(check(text, "ar"), "wrong_account")


@pytest.mark.parametrize(
    "text",
    [
        # a cinema asking who is free tonight
        "مين فاضي الليلة؟ 🍿 عرض الفيلم الجديد في كل صالاتنا، التذكرة الثانية مجاناً.",
        # a quiz and a hook about pain addressed to the reader
        "حد يعرف اسم الحلى ده؟ 🤔 اكتبوا الإجابة في الكومنتات وادخلوا السحب!",
        "ضرسك يوجعك؟ عياداتنا مفتوحة ٢٤ ساعة للطوارئ 🦷",
        "صحيت متأخر؟ ☕ قهوتك جاهزة في الدرايف ثرو من ٦ الصبح.",
        # an employee speaking for the team
        "ويكند مميز لخبازينا: أنا فخورة جداً بفريق فرع الرياض اللي خبز ٤٠٠٠ معمول.",
        "أنا ليلى، مصممة الأزياء في فريقنا، وحابة أشارككم أول قطعة من تشكيلة الخريف 🍂",
        # a venue hosting the night out
        "السهرة عندنا الليلة! فرقة طربية ومشاوي على الفحم من ٩ مساءً 🎶",
        "يا جماعة الخير، العرض ينتهي الليلة الساعة ١٢ ⏰",
        # Maghrebi brand copy, and words that hide the cues
        "هاد السبت، ركن الأطفال فمكتبتنا غادي يستقبل قراءة حكايات 📚 مرحبا بالعائلات!",
        "شاهد عيان على أحلى عرض بالسنة 😎 خصم ٥٠٪ على الإلكترونيات.",
    ],
)
def test_brand_copy_with_the_same_words_is_not_a_personal_post(text: str) -> None:
    assert not fired(check(text, "ar"), "wrong_account")


# --- hostile replies -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "reply"),
    [
        # a shrug and "try later": no apology, no next step
        ("التطبيق يطلع لي خطأ كل ما أدفع الفاتورة", "عادي يصير. جرب بعدين."),
        # "did you expect it to be free?" (Egyptian) and "do you think we…?" (Levantine)
        ("الفاتورة جاية ضعف الشهر اللي فات", "كنت متوقع الكهربا ببلاش؟ مش واخد بالك من التكييف؟"),
        ("ليش ما حدا بيرد؟ صرلي ساعة عالخط", "إنت مفكر عنّا موظف واحد بس إلك؟ في آلاف غيرك."),
        # feigned surprise and a "maybe because you…?"
        ("الجوال الجديد يعلق كل شوي", "غريبة 🤔 يمكن عشان منزّل ٣٠٠ لعبة؟ أكيد الجوال هو الغلطان"),
        # mock praise and mock congratulations (Levantine, Maghrebi)
        ("طلبت بيتزا من ساعة ونص ولهلق ما وصلت", "ساعة ونص بس؟ 😅 منيح اللي صبرت، بطل حقيقي"),
        (
            "الكريم ديالكم دار ليا حساسية فوجهي",
            "واو، مبروك عليك الاكتشاف العلمي 😂 ملايين كيستعملوه",
        ),
        # a lesson instead of help (MSA)
        (
            "سحبتم من حسابي مرتين هذا الشهر",
            "لم نجد أي خطأ في الفوترة. ننصحك بمتابعة اشتراكاتك بنفسك مستقبلاً.",
        ),
        # "we're not at your command", "whoever wants cheap"
        ("الخط مقطوع من ٣ أيام", "الصيانة لها مواعيد، وإحنا مو تحت أمرك ٢٤ ساعة."),
        ("المنتج غالي على جودته", "الجودة لها سعرها، واللي يبي رخيص يروح للسوق 😏"),
    ],
)
def test_a_cold_reply_in_any_dialect_is_flagged(message: str, reply: str) -> None:
    assert fired(check(reply, "ar", reply_to=message), "hostile_reply")


@pytest.mark.parametrize(
    ("message", "reply"),
    [
        (
            "نسيت كلمة المرور 🙈 وش أسوي؟",
            "عادي يصير! تقدر تعيد تعيينها من صفحة الدخول خلال دقيقة 👍",
        ),
        (
            "التطبيق ما يفتح عندي من الصبح",
            "نعتذر عن الإزعاج 🙏 في صيانة الحين، جرب بعد ساعة وإذا استمرت المشكلة راسلنا على الخاص.",
        ),
        ("وصلني الجهاز اليوم وشكله يجنن 😍", "مبروك عليك الجهاز الجديد! 🎉 استمتع فيه."),
        ("أحلى فريق خدمة عملاء والله 👏", "واو، شكراً على كلامك الحلو يا سارة! بنوصله للفريق 💙"),
        (
            "الطلب وصل ناقص صحن",
            "غريبة! هذا ما المفروض يصير، ونعتذر منك. أرسل لنا رقم الطلب على الخاص ونرسله فوراً.",
        ),
        (
            "التطبيق يعلق كل شوي",
            "نعتذر منك! ننصحك بتحديث التطبيق، وإذا استمر التعليق أرسل لنا نوع الجهاز على الخاص.",
        ),
        ("الطعم مو خايب أبداً 👌", "شكراً لك! بننقل كلامك للمطبخ 😊"),
        ("ما راح تخسرون لو جربتوا الكنافة، خرافية", "شكراً على الترشيح الحلو 🙏"),
    ],
)
def test_a_kind_reply_with_the_same_words_passes(message: str, reply: str) -> None:
    assert not fired(check(reply, "ar", reply_to=message), "hostile_reply")


def test_a_maghrebi_complaint_needs_empathy_and_a_next_step() -> None:
    message = "المنتج ماخدامش من البارح"
    cold = check("راه خدام عند الناس كاملين.", "ar", reply_to=message)
    kind = check(
        "سمح لينا بزاف! صيفط لينا رقم الكوموند فالخاص باش نتابعو معاك.", "ar", reply_to=message
    )
    assert fired(cold, "hostile_reply")
    assert not fired(kind, "hostile_reply")


def test_a_bare_thanks_to_a_letdown_still_needs_care() -> None:
    # the counterpart of praise shaped like a negation (مو خايب, ما راح تخسرون)
    assert fired(check("شكراً لك! 😊", "ar", reply_to="الطلب ما وصلني للحين"), "hostile_reply")


# --- profanity and innuendo --------------------------------------------------------------------


def test_the_egyptian_slur_is_blocked_but_the_names_it_hides_in_are_not() -> None:
    slur = check("اللي لسه ملعبش السيزون الجديد يبقى خول رسمي 😂", "ar")
    assert slur.verdict is Verdict.BLOCK
    names = check("مبروك لخولة وللكابتن عمرو الخولي على الفوز! النظام خوّلنا بالدخول.", "ar")
    assert not fired(names, "profanity", Severity.INFO)


def test_below_the_belt_is_an_innuendo_but_the_boxing_idiom_is_not() -> None:
    assert fired(check("ملابس داخلية قطن 🩲 اكتشفوا #عروض_تحت_الحزام هالأسبوع!", "ar"), "profanity")
    boxing = check("الحكم ما سمح بضربة تحت الحزام في الجولة الثالثة 🥊 شاهدوا النزال الليلة.", "ar")
    assert not fired(boxing, "profanity", Severity.INFO)


def test_for_married_couples_only_with_a_wink_is_an_innuendo() -> None:
    assert fired(check("الليلة للمتزوجين بس 😏🔥 زيت المساج الجديد وصل.", "ar"), "sensitive")
    offer = check("عروض للمتزوجين الجدد على غرف النوم 🛋️ قسط على ١٢ شهر بدون فوائد.", "ar")
    assert not fired(offer, "sensitive")


# --- spelling ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "correction"),
    [
        ("اكتشفو تشكيلتنا الجديدة في كل فروعنا 🌹", "اكتشفوا"),
        ("خد مكافئة ترحيبية على أول طلب 🎁", "مكافأة"),
        ("العرض ساري من الساعة ٥ مساءاً لغاية منتصف الليل.", "مساءً"),
        ("خصم خاص ابتداءا من الأحد", "ابتداء"),
        ("حمّل التطبيك دلوقتي وسجّل حسابك", "التطبيق"),
        ("لاتنسو تشاركونا صوركم 📸", "لا تنسوا"),
    ],
)
def test_common_arabic_misspellings_are_corrected(text: str, correction: str) -> None:
    result = check(text, "ar")
    assert any(
        f.check == "spelling" and f.severity is Severity.WARN and f.replacement == correction
        for f in result.findings
    )


def test_the_right_spellings_are_not_misspellings() -> None:
    text = "تابعونا واكتشفوه، مكافأة ترحيبية لكل مساءات الصيف، وجربوها من التطبيق 🎁"
    assert not fired(check(text, "ar"), "spelling")
