"""Japanese mistakes written in Japanese ways: a cold reply that denies the fault or mocks the
complaint, death, disease and drugs as the hyperbole of a promotion, stock innuendo, a night of
drinking posted from the brand's account, a plan sold to people a storm keeps at home. Each
flagged draft is paired with a harmless one that uses the same words."""

from poise.review import Severity

from .factories import check, fired

BROKEN = "新品の掃除機が2日で動かなくなりました。どうなってるんですか？"


def cold(text: str, reply_to: str) -> bool:
    """Whether the reply reads as cold in itself (not only for lacking an apology)."""
    return any(f.code == "cold_tone" for f in check(text, "ja", reply_to=reply_to).findings)


def test_a_reply_that_denies_the_defect_and_sends_the_customer_to_the_manual_is_cold() -> None:
    cold_reply = (
        "当社の製品に欠陥はございません。説明書をよくお読みになってからお問い合わせください。"
    )
    caring = (
        "ご不便をおかけし申し訳ございません。製品に問題はございませんが、念のため交換品を"
        "お送りします。DMでご住所をお知らせください。"
    )
    # A product page says the same words to nobody in particular.
    product_page = "天然木のため節や色ムラがございますが、欠陥ではございません。"
    assert cold(cold_reply, BROKEN)
    assert not fired(check(caring, "ja", reply_to=BROKEN), "hostile_reply")
    assert not fired(check(product_page, "ja"), "hostile_reply")


def test_the_manual_boilerplate_in_a_friendly_reply_is_not_condescension() -> None:
    cold_reply = "取扱説明書をよくご覧になってからお問い合わせください。"
    friendly = (
        "ご購入ありがとうございます！ご使用前に取扱説明書をよくお読みのうえ、正しくお使いください😊"
    )
    assert cold(cold_reply, BROKEN)
    assert not fired(
        check(friendly, "ja", reply_to="届きました！これから使います"), "hostile_reply"
    )


def test_a_flat_i_see_that_closes_the_matter_is_cold() -> None:
    complaint = "頼んだ色と違うものが届きました。がっかりです"
    flat = "そうですか。他にご質問は？"
    sorry = "そうですか、ご期待に沿えず申し訳ございません。DMでご注文番号をお知らせください。"
    assert cold(flat, complaint)
    assert not fired(check(sorry, "ja", reply_to=complaint), "hostile_reply")


def test_quoting_the_customer_back_before_a_but_is_a_jab() -> None:
    complaint = "このイヤホン、すぐ片耳聞こえなくなったんだけど"
    jab = "「すぐ壊れた」とのことですが、投げつけても壊れないイヤホンはなかなかございませんね😊"
    caring = (
        "「片耳が聞こえない」とのこと、ご不便をおかけし申し訳ございません。"
        "交換いたしますので、DMで購入日をお知らせください。"
    )
    assert cold(jab, complaint)
    assert not fired(check(caring, "ja", reply_to=complaint), "hostile_reply")


def test_mock_sympathy_that_blows_the_complaint_up_is_cold() -> None:
    mocking = "なるほど、1時間待ったのがこの世の終わりだったんですね。"
    fan = "昨日の試合は悲劇でしたね…😢 次こそ勝ちましょう！"
    assert cold(mocking, "1時間も待たされた。最悪")
    assert not fired(check(fan, "ja", reply_to="昨日の負けは悔しすぎる"), "hostile_reply")


def test_pushing_back_in_kansai_dialect_is_cold() -> None:
    pushback = "いやいや、そない言われても、レンジで温めすぎたんちゃいます？"
    thanks = "いやいや、こちらこそいつもありがとうございます！またお待ちしております😊"
    assert cold(pushback, "お弁当のご飯がカチカチでした")
    assert not fired(
        check(thanks, "ja", reply_to="いつも美味しいパンありがとう！"), "hostile_reply"
    )


def test_death_as_the_hyperbole_of_a_promotion_is_flagged() -> None:
    joke = "この激辛カレー、ひと口で三途の川が見えます🔥"
    studio = "【終活フェア】遺影撮影、承ります。プロのカメラマンが自然な表情をお撮りします📷"
    assert fired(check(joke, "ja"), "sensitive")
    assert not fired(check(studio, "ja"), "sensitive")
    assert not fired(check(studio, "ja"), "newsjacking")


def test_disease_as_the_hyperbole_of_a_trend_is_flagged() -> None:
    joke = "このチーク、感染力がやばいです🦠 みんなでクラスターを起こそう！"
    notice = "インフルエンザの感染力が強まる季節です。手洗い・うがいを心がけましょう。"
    assert fired(check(joke, "ja"), "sensitive")
    assert not fired(check(notice, "ja"), "sensitive")


def test_drug_slang_for_a_pick_me_up_is_flagged() -> None:
    joke = "このエナドリ一本で、合法的にハイになろう⚡"
    runner = "ランナーズハイになって、気づけば30km。新作シューズで記録更新を😊"
    fashion = "この一枚でコーデがキマる！新作ジャケット発売中✨"
    assert fired(check(joke, "ja"), "sensitive")
    assert not fired(check(runner, "ja"), "sensitive")
    assert not fired(check(fashion, "ja"), "sensitive")


def test_stock_innuendo_lines_are_sexual() -> None:
    line = "先っちょだけでいいから、試してみて💋 新作リップ"
    winked = "太くて硬いのが好きな方へ😏 極太フランク新発売"
    brush = "ブラシの先っぽだけで、ふんわり色づくチーク💕"
    noodles = "太くて硬い麺が自慢のつけ麺、本日から販売します。"
    assert fired(check(line, "ja"), "profanity")
    assert fired(check(winked, "ja"), "profanity")
    assert not fired(check(brush, "ja"), "profanity")
    assert not fired(check(noodles, "ja"), "profanity")


def test_a_night_of_drinking_posted_for_oneself_is_the_wrong_account() -> None:
    night = "もう一軒いっちゃお〜〜🍶 今夜は飲むぞ！ 明日のことは明日の自分に任せた"
    bar = "今夜は2軒目使いにぴったりのバーで、ゆっくりどうぞ🍸"
    assert fired(check(night, "ja"), "wrong_account")
    assert not fired(check(bar, "ja"), "wrong_account", Severity.INFO)


def test_selling_a_plan_to_people_a_storm_keeps_at_home_is_newsjacking() -> None:
    storm = "台風で外に出られない皆さん、今こそ読み放題プランへ！初月0円📚"
    autumn = "読み放題プランが初月0円！この秋はおうちで読書三昧📚"
    assert fired(check(storm, "ja"), "newsjacking")
    assert not fired(check(autumn, "ja"), "newsjacking", Severity.INFO)


def test_cheering_drinking_in_the_morning_is_a_sensitive_topic() -> None:
    morning = "月曜の朝はストロング缶で気合い注入🍺"
    coffee = "月曜の朝は濃いめのコーヒーで気合い注入☕"
    assert fired(check(morning, "ja"), "sensitive")
    assert not fired(check(coffee, "ja"), "sensitive")


def test_by_design_is_cold_alone_and_fine_beside_thanks_and_a_next_step() -> None:
    complaint = "アプリの通知が多すぎてうざい"
    curt = "それは仕様です。"
    explained = (
        "ご指摘ありがとうございます。通知の頻度は仕様となっておりますが、"
        "ご意見として開発チームに共有いたします。"
    )
    assert cold(curt, complaint)
    assert not fired(check(explained, "ja", reply_to=complaint), "hostile_reply")
