/* Tests for compose.c: Telex and VNI composed together, undo, case, backspace and raw keys. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "compose.h"
#include "text.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

struct pair {
    const char *typed, *want;
};

/* Type s one key at a time into c. */
static void
type(struct compose *c, const char *s)
{
    size_t n = strlen(s), i = 0;
    uint32_t cp;

    while (i < n) {
        i += text_decode(s + i, n - i, &cp);
        compose_key(c, cp);
    }
}

/* compose_string and key-by-key typing must agree with want. */
static void
check_pairs(const struct pair *p, size_t n)
{
    struct compose c;
    size_t i;
    char *s;

    for (i = 0; i < n; i++) {
        s = compose_string(p[i].typed);
        if (strcmp(s, p[i].want) != 0)
            fail_msg("compose_string(\"%s\") = \"%s\", want \"%s\"", p[i].typed, s, p[i].want);
        free(s);
        compose_init(&c);
        type(&c, p[i].typed);
        if (strcmp(c.text, p[i].want) != 0)
            fail_msg("typing \"%s\" gave \"%s\", want \"%s\"", p[i].typed, c.text, p[i].want);
        assert_string_equal(c.raw, p[i].typed);
    }
}

static void
test_telex_phrases(void **state)
{
    static const struct pair p[] = {
        { "ddawng kys khai sinh", "đăng ký khai sinh" },
        { "ddawng kys thuwowngf trus", "đăng ký thường trú" },
        { "ddawng kys thuongwf trus", "đăng ký thường trú" },
        { "giaays khai sinh", "giấy khai sinh" },
        { "cawn cuwowcs", "căn cước" },
        { "hooj chieeus", "hộ chiếu" },
        { "nguoiwf", "người" },
        { "nguwowif", "người" },
        { "Quangr Ninh", "Quảng Ninh" },
        { "phatj nguooij", "phạt nguội" },
        { "bawngf lais xe", "bằng lái xe" },
        { "trowj caaps thaats nghieepj", "trợ cấp thất nghiệp" },
        { "ddwowngf", "đường" },
        { "ddieenj thoaij", "điện thoại" },
        { "quyeenf", "quyền" },
        { "giuwax", "giữa" },
        { "gif", "gì" },
        { "hoawcj", "hoặc" },
        { "cuwus", "cứu" },
        { "muwa", "mưa" },
        { "muaw", "mưa" },
        { "tieengs vieetj", "tiếng việt" },
        { "tiengse", "tiếng" }, /* the shape key may come last */
        { "nguoifw", "người" }, /* the tone before the shape */
        { "xoong", "xông" },
        { "lys lichj tuw phaps", "lý lịch tư pháp" },
        { "khai tuwr", "khai tử" },
        { "keets hoon", "kết hôn" },
        { "tamj vawngs", "tạm vắng" },
        { "bieenr soos", "biển số" },
        { "baor hieemr y tees", "bảo hiểm y tế" },
    };

    (void)state;
    check_pairs(p, N(p));
}

static void
test_vni_phrases(void **state)
{
    static const struct pair p[] = {
        { "d9a8ng ky1 khai sinh", "đăng ký khai sinh" },
        { "d9a8ng ky1 thu7o7ng2 tru1", "đăng ký thường trú" },
        { "d9a8ng ky1 thuo7ng2 tru1", "đăng ký thường trú" },
        { "gia6y1 khai sinh", "giấy khai sinh" },
        { "ca8n cu7o7c1", "căn cước" },
        { "ho65 chie6u1", "hộ chiếu" },
        { "ngu7o7i2", "người" },
        { "Qua3ng Ninh", "Quảng Ninh" },
        { "pha5t nguo6i5", "phạt nguội" },
        { "ba8ng2 la1i xe", "bằng lái xe" },
        { "tro75 ca6p1 tha6t1 nghie6p5", "trợ cấp thất nghiệp" },
        { "d9u7o7ng2", "đường" },
        { "hoa2", "hòa" },
        { "gu7i3", "gửi" },
        { "mu7a4", "mữa" },
    };

    (void)state;
    check_pairs(p, N(p));
}

static void
test_tones_and_shapes(void **state)
{
    static const struct pair p[] = {
        /* every tone, Telex then VNI */
        { "as af ar ax aj", "á à ả ã ạ" },
        { "a1 a2 a3 a4 a5", "á à ả ã ạ" },
        { "asz a10 asf", "a a à" }, /* z and 0 remove, a new tone replaces */
        /* every shape */
        { "aa ee oo aw ow uw dd", "â ê ô ă ơ ư đ" },
        { "a6 e6 o6 a8 o7 u7 d9", "â ê ô ă ơ ư đ" },
        { "aas ees oos aws ows uws", "ấ ế ố ắ ớ ứ" },
        { "aaf eer oox awj owf uwr", "ầ ể ỗ ặ ờ ử" },
        /* a lone w is ư (Unikey), after a consonant too */
        { "w tw nhw", "ư tư như" },
        /* tone placement: traditional style, moved by a final consonant */
        { "hoaf hoafn thuyr thuyrt", "hòa hoàn thủy thuỷt" },
        { "ngoaif khuyr quyr quas", "ngoài khủy quỷ quá" },
        { "hoef toans", "hòe toán" },
    };

    (void)state;
    check_pairs(p, N(p));
}

static void
test_undo(void **state)
{
    static const struct pair p[] = {
        { "kyss", "kys" },  { "caaa", "caa" }, { "ddd", "dd" }, { "ww", "w" },
        { "a11", "a1" },    { "a66", "a6" },   { "aww", "aw" }, { "hoaff", "hoaf" },
        { "ddaww", "đaw" }, { "uoww", "uow" }, { "d99", "d9" }, { "tieeen", "tieen" },
        { "pass", "pas" },
    };

    (void)state;
    check_pairs(p, N(p));
}

static void
test_not_vietnamese(void **state)
{
    static const struct pair p[] = {
        /* digits that cannot be VNI keys stay digits */
        { "15", "15" },
        { "soos 15", "số 15" },
        { "B15", "B15" },
        { "CCCD 12", "CCCD 12" },
        { "220/380V", "220/380V" },
        /* a key that would not give a Vietnamese syllable is typed as it is */
        { "hocf", "hocf" }, /* a final c takes only sắc or nặng */
        { "str", "str" },
        { "zalo", "zalo" },
        { "VNeID", "VNeID" },
        { "", "" },
    };

    (void)state;
    check_pairs(p, N(p));
}

static void
test_upper_case(void **state)
{
    static const struct pair p[] = {
        { "DDAWNG", "ĐĂNG" },
        { "Ddawng", "Đăng" },
        { "DDAWNG KYS", "ĐĂNG KÝ" },
        { "NGUOIWF", "NGƯỜI" },
        { "TRUWOWNGF", "TRƯỜNG" },
        { "HOOJ CHIEEUS", "HỘ CHIẾU" },
        { "D9A8NG KY1", "ĐĂNG KÝ" },
        { "QUANGR NINH", "QUẢNG NINH" },
        { "W", "Ư" },
        { "KYSS", "KYS" },
    };

    (void)state;
    check_pairs(p, N(p));
}

static void
test_backspace(void **state)
{
    static const struct {
        const char *typed;
        int presses;
        const char *text, *raw;
    } cases[] = {
        { "ddawng", 1, "đăn", "ddawn" },
        { "ddawng", 3, "đ", "dd" },
        { "ddawng", 4, "", "" },
        { "ddawng", 9, "", "" },
        { "thuwowngf", 1, "thườn", "thuwown" }, /* the tone key goes with the last letter */
        { "hoafn", 1, "hòa", "hoaf" },          /* and the tone moves back */
        { "kyss", 1, "ky", "kys" },
        { "soos 15", 2, "số ", "soos " },
        { "Quangr Ninh", 5, "Quảng", "Quangr" },
        { "a\xcc\x81", 1, "", "" }, /* a + combining acute: one letter */
    };
    struct compose c;
    size_t i;
    int k;

    (void)state;
    for (i = 0; i < N(cases); i++) {
        compose_init(&c);
        type(&c, cases[i].typed);
        for (k = 0; k < cases[i].presses; k++)
            compose_backspace(&c);
        assert_string_equal(c.text, cases[i].text);
        assert_string_equal(c.raw, cases[i].raw);
    }

    /* typing goes on after a backspace as if the letter had never been there */
    compose_init(&c);
    type(&c, "ddawngs");
    compose_backspace(&c);
    compose_backspace(&c);
    type(&c, "nhf");
    assert_string_equal(c.text, "đằnh");
}

static void
test_other_keys(void **state)
{
    struct compose c;
    int i;

    (void)state;
    /* combining marks from a keyboard that sends them */
    compose_init(&c);
    type(&c, "Vie\xcc\xa3\xcc\x82t");
    assert_string_equal(c.text, "Việt");
    /* precomposed letters typed directly take Telex keys too */
    compose_init(&c);
    type(&c, "\xc4\x83s"); /* ă s */
    assert_string_equal(c.text, "ắ");
    /* control characters are ignored */
    compose_init(&c);
    compose_key(&c, '\n');
    compose_key(&c, 0x1b);
    compose_key(&c, 0xD800);
    compose_key(&c, 0x110000);
    assert_string_equal(c.text, "");
    assert_string_equal(c.raw, "");
    /* keys that would overflow are dropped, text and raw stay terminated */
    compose_init(&c);
    for (i = 0; i < 1000; i++)
        compose_key(&c, i % 7 == 6 ? ' ' : (uint32_t)("ddawngf"[i % 7]));
    assert_true(strlen(c.text) < COMPOSE_MAX);
    assert_true(strlen(c.raw) < COMPOSE_MAX);
    compose_init(&c);
    for (i = 0; i < 1000; i++)
        compose_key(&c, 0x1EF9); /* ỹ: three bytes */
    assert_int_equal(strlen(c.raw) % 3, 0);
    assert_int_equal(strlen(c.text), strlen(c.raw));
}

static void
test_string_long(void **state)
{
    char in[2000], *out;
    size_t i;

    (void)state;
    /* compose_string has no length limit: 200 words of "vieetj " */
    in[0] = '\0';
    for (i = 0; i < 200; i++)
        strcat(in, "vieetj ");
    out = compose_string(in);
    assert_int_equal(strlen(out), 200 * strlen("việt "));
    assert_memory_equal(out, "việt việt ", strlen("việt việt "));
    free(out);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_telex_phrases),    cmocka_unit_test(test_vni_phrases),
        cmocka_unit_test(test_tones_and_shapes), cmocka_unit_test(test_undo),
        cmocka_unit_test(test_not_vietnamese),   cmocka_unit_test(test_upper_case),
        cmocka_unit_test(test_backspace),        cmocka_unit_test(test_other_keys),
        cmocka_unit_test(test_string_long),
    };

    setlocale(LC_ALL, "C.UTF-8");
    return cmocka_run_group_tests(tests, NULL, NULL);
}
