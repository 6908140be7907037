/* Tests for text.c: UTF-8, widths, truncation, wrap, Vietnamese NFC, lower case and fold. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "text.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void
test_decode_encode(void **state)
{
    static const struct {
        const char *in;
        size_t len;
        uint32_t cp;
    } cases[] = {
        { "a", 1, 'a' },
        { "\xc4\x91", 2, 0x0111 },          /* đ */
        { "\xe1\xbb\x87", 3, 0x1EC7 },      /* ệ */
        { "\xf0\x9f\x98\x80", 4, 0x1F600 }, /* emoji */
        { "\xc0\x80", 1, 0xFFFD },          /* overlong NUL */
        { "\xe0\x80\xaf", 1, 0xFFFD },      /* overlong '/' */
        { "\xed\xa0\x80", 1, 0xFFFD },      /* surrogate */
        { "\xf4\x90\x80\x80", 1, 0xFFFD },  /* past U+10FFFF */
        { "\xe1\xbb", 1, 0xFFFD },          /* truncated */
        { "\x80", 1, 0xFFFD },              /* stray continuation */
        { "\xc4"
          "a",
          1, 0xFFFD }, /* missing continuation */
    };
    char buf[8];
    uint32_t cp;
    size_t i, k;

    (void)state;
    for (i = 0; i < N(cases); i++) {
        k = text_decode(cases[i].in, strlen(cases[i].in), &cp);
        assert_int_equal(k, cases[i].len);
        assert_int_equal(cp, cases[i].cp);
        if (cp != 0xFFFD) {
            assert_int_equal(text_encode(cp, buf), k);
            assert_memory_equal(buf, cases[i].in, k);
        }
    }
    assert_int_equal(text_decode("abc", 0, &cp), 0);
    assert_int_equal(text_encode(0xD800, buf), 3); /* a surrogate is written as U+FFFD */
    assert_memory_equal(buf, "\xef\xbf\xbd", 3);
}

static void
test_width(void **state)
{
    static const struct {
        const char *s;
        int w;
    } cases[] = {
        { "", 0 },
        { "Việt Nam", 8 },
        { "Đăng ký thường trú", 18 },
        { "\xe4\xb8\xad", 2 },         /* 中 CJK wide */
        { "a\tb", 2 },                 /* a control counts 0 */
        { "Vie\xcc\xa3\xcc\x82t", 4 }, /* decomposed ệ: marks count 0 */
        { "\xe2\x80\xa6", 1 },         /* … */
    };
    size_t i;

    (void)state;
    for (i = 0; i < N(cases); i++)
        assert_int_equal(text_width(cases[i].s), cases[i].w);
}

static void
test_fit_truncate(void **state)
{
    static const struct {
        const char *s;
        int cols;
        const char *fit;
        const char *trunc;
    } cases[] = {
        { "Việt Nam", 8, "Việt Nam", "Việt Nam" },
        { "Việt Nam", 4, "Việt", "Việ…" },
        { "Việt Nam", 1, "V", "…" },
        { "Việt Nam", 0, "", "" },
        { "Hộ chiếu phổ thông", 10, "Hộ chiếu p", "Hộ chiếu …" },
        { "\xe4\xb8\xad\xe6\x96\x87", 3, "\xe4\xb8\xad", "\xe4\xb8\xad\xe2\x80\xa6" }, /* 中文 */
        { "\xe4\xb8\xad\xe6\x96\x87", 1, "", "\xe2\x80\xa6" },
    };
    size_t i;
    char *t;

    (void)state;
    for (i = 0; i < N(cases); i++) {
        assert_int_equal(text_fit(cases[i].s, cases[i].cols), strlen(cases[i].fit));
        assert_memory_equal(cases[i].s, cases[i].fit, strlen(cases[i].fit));
        t = text_truncate(cases[i].s, cases[i].cols);
        assert_string_equal(t, cases[i].trunc);
        assert_true(text_width(t) <= (cases[i].cols > 0 ? cases[i].cols : 0));
        free(t);
    }
}

static void
assert_wrapped(const char *s, int cols, const char *const *want, size_t nwant)
{
    struct text_lines l;
    size_t i;

    text_wrap(s, cols, &l);
    for (i = 0; i < l.n && i < nwant; i++)
        assert_string_equal(l.v[i], want[i]);
    assert_int_equal(l.n, nwant);
    text_lines_free(&l);
}

static void
test_wrap(void **state)
{
    static const char sentence[] =
        "Đăng ký khai sinh cho trẻ em trên Cổng Dịch vụ công quốc gia, nhận kết quả tại "
        "Ủy ban nhân dân xã phường thị trấn nơi cư trú của cha hoặc mẹ.";
    static const char *const w1[] = { "Đăng ký khai sinh",   "cho trẻ em trên Cổng",
                                      "Dịch vụ công quốc",   "gia, nhận kết quả",
                                      "tại Ủy ban nhân dân", "xã phường thị trấn",
                                      "nơi cư trú của cha",  "hoặc mẹ." };
    static const char *const w2[] = { "Giấy", "khai", "sinh" };
    static const char *const w3[] = { "Căn cước", "", "Hộ chiếu" };
    static const char *const w4[] = { "abcde", "fghij", "k xy" };
    static const char *const w5[] = { "\xe4\xb8\xad\xe6\x96\x87", "\xe5\xad\x97" }; /* 中文 字 */
    static const char *const w6[] = { "a b" };
    struct text_lines l;
    size_t i;
    int cols;

    (void)state;
    assert_wrapped(sentence, 20, w1, N(w1));
    assert_wrapped("Giấy khai sinh", 4, w2, N(w2));
    assert_wrapped("Căn cước\n\nHộ chiếu\n", 10, w3, N(w3));
    assert_wrapped("abcdefghijk xy", 5, w4, N(w4));
    assert_wrapped("\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97", 5, w5, N(w5));
    assert_wrapped("  a   b  ", 10, w6, N(w6));
    assert_wrapped("", 10, NULL, 0);

    for (cols = 1; cols <= 40; cols++) {
        text_wrap(sentence, cols, &l);
        assert_true(l.n > 0);
        for (i = 0; i < l.n; i++)
            assert_true(text_width(l.v[i]) <= cols);
        text_lines_free(&l);
    }
}

static void
test_vn_table(void **state)
{
    static const char *const lower =
        "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ";
    static const char *const upper =
        "AÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬEÈÉẺẼẸÊỀẾỂỄỆIÌÍỈĨỊOÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢUÙÚỦŨỤƯỪỨỬỮỰYỲÝỶỸỴĐ";
    struct vn_letter l;
    uint32_t cp, cp2;
    size_t i = 0, j = 0, n = strlen(lower), count = 0;
    char *t;

    (void)state;
    while (i < n) {
        i += text_decode(lower + i, n - i, &cp);
        j += text_decode(upper + j, strlen(upper) - j, &cp2);
        assert_true(text_vn_split(cp, &l));
        assert_false(l.upper);
        assert_int_equal(text_vn_join(&l), cp);
        l.upper = true;
        assert_int_equal(text_vn_join(&l), cp2);
        count++;
    }
    assert_int_equal(count, 73);
    t = text_lower(upper);
    assert_string_equal(t, lower);
    free(t);

    assert_false(text_vn_split('b', &l));
    assert_true(text_vn_split(0x1EEB, &l)); /* ừ */
    assert_int_equal(l.base, 'u');
    assert_int_equal(l.shape, VN_HORN);
    assert_int_equal(l.tone, VN_GRAVE);
    l.shape = VN_CIRCUMFLEX; /* û is not Vietnamese */
    assert_int_equal(text_vn_join(&l), 0);
    l.base = 'd';
    l.shape = VN_STROKE;
    l.tone = VN_ACUTE;
    assert_int_equal(text_vn_join(&l), 0);
}

static void
test_nfc(void **state)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        /* Đăng ký: a + breve, y + acute */
        { "Đa\xcc\x86ng ky\xcc\x81", "Đăng ký" },
        /* Việt: e + dot below + circumflex (NFD order) */
        { "Vie\xcc\xa3\xcc\x82t", "Việt" },
        /* the other order too */
        { "Vie\xcc\x82\xcc\xa3t", "Việt" },
        /* người: u + horn, o + horn + grave */
        { "ngu\xcc\x9bo\xcc\x9b\xcc\x80i", "người" },
        /* Quảng Ninh: a + hook */
        { "Qua\xcc\x89ng Ninh", "Quảng Ninh" },
        /* ngã and nặng, upper case: ỄẠ */
        { "E\xcc\x82\xcc\x83"
          "A\xcc\xa3",
          "ỄẠ" },
        /* precomposed â + acute */
        { "\xc3\xa2\xcc\x81", "ấ" },
        /* already NFC */
        { "Hộ chiếu", "Hộ chiếu" },
        /* a mark that does not apply stays */
        { "i\xcc\x82", "i\xcc\x82" },
        { "a\xcc\x81\xcc\x80", "á\xcc\x80" },
        /* non-Vietnamese letters are left alone */
        { "n\xcc\x83", "n\xcc\x83" },
        /* invalid bytes become U+FFFD */
        { "a\xff", "a\xef\xbf\xbd" },
    };
    size_t i;
    char *t;

    (void)state;
    for (i = 0; i < N(cases); i++) {
        t = text_nfc(cases[i].in);
        assert_string_equal(t, cases[i].out);
        free(t);
    }
}

static void
test_lower(void **state)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        { "ĐĂNG KÝ THƯỜNG TRÚ", "đăng ký thường trú" },
        { "Quảng Ninh", "quảng ninh" },
        { "TRỢ CẤP THẤT NGHIỆP", "trợ cấp thất nghiệp" },
        { "Số 15", "số 15" },
    };
    size_t i;
    char *t;

    (void)state;
    for (i = 0; i < N(cases); i++) {
        t = text_lower(cases[i].in);
        assert_string_equal(t, cases[i].out);
        free(t);
    }
}

static void
test_fold(void **state)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        { "Đăng ký Khai-sinh!", "dang ky khai sinh" },
        { "  Giấy   khai sinh  ", "giay khai sinh" },
        { "CĂN CƯỚC", "can cuoc" },
        { "Hộ chiếu (phổ thông)", "ho chieu pho thong" },
        { "Người", "nguoi" },
        { "Quảng Ninh", "quang ninh" },
        { "Phạt nguội", "phat nguoi" },
        { "Bằng lái xe", "bang lai xe" },
        { "Trợ cấp thất nghiệp", "tro cap that nghiep" },
        { "ĐỔI GIẤY PHÉP LÁI XE", "doi giay phep lai xe" },
        { "Đa\xcc\x86ng ky\xcc\x81", "dang ky" }, /* decomposed */
        { "Số 15", "so 15" },
        { "Café Zürich", "cafe zurich" },
        { "\xe2\x80\x9cthường trú\xe2\x80\x9d \xe2\x80\x93 tạm trú", "thuong tru tam tru" },
        { "...", "" },
        { "", "" },
        { "a\xff"
          "b",
          "a b" },
    };
    size_t i;
    char *t;

    (void)state;
    for (i = 0; i < N(cases); i++) {
        t = text_fold(cases[i].in);
        assert_string_equal(t, cases[i].out);
        free(t);
    }
}

static void
test_nfd_equals_nfc(void **state)
{
    char *a = text_nfc("\xc4\x90"
                       "a\xcc\x86ng ky\xcc\x81");
    char *b = text_nfc("Đăng ký");

    (void)state;
    assert_string_equal(a, b);
    assert_string_equal(a, "\xc4\x90\xc4\x83ng k\xc3\xbd");
    free(a);
    free(b);
}

/* Text without combining marks takes the fast path; its result must equal the full path's. */
static void
test_nfc_fast_path(void **state)
{
    static const struct {
        const char *in, *want;
    } cases[] = {
        { "Đăng ký khai sinh", "Đăng ký khai sinh" }, /* precomposed: unchanged */
        { "plain ascii", "plain ascii" },
        { "a\xCC", "a\xEF\xBF\xBD" },   /* a lone lead byte at the end */
        { "ok\xC3", "ok\xEF\xBF\xBD" }, /* cut two-byte sequence */
        { "x\xED\xA0\x80y", "x\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDy" }, /* surrogate */
        { "\xC0\xAF", "\xEF\xBF\xBD\xEF\xBF\xBD" },                     /* overlong */
        { "Vie\xCC\xA3\xCC\x82t", "Việt" },                             /* a mark: the full path */
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = text_nfc(cases[i].in);

        assert_string_equal(got, cases[i].want);
        free(got);
    }
}

/* Numbers typed on the command line: digits only, whole, in range. */
static void
test_parse_int(void **state)
{
    (void)state;
    assert_int_equal(text_parse_int("9", 1, 25), 9);
    assert_int_equal(text_parse_int("025", 1, 25), 25);
    assert_int_equal(text_parse_int("26", 1, 25), -1);
    assert_int_equal(text_parse_int("0", 1, 25), -1);
    assert_int_equal(text_parse_int("-3", -5, 5), -1);
    assert_int_equal(text_parse_int("+3", 1, 5), -1);
    assert_int_equal(text_parse_int(" 3", 1, 5), -1);
    assert_int_equal(text_parse_int("3 ", 1, 5), -1);
    assert_int_equal(text_parse_int("3a", 1, 5), -1);
    assert_int_equal(text_parse_int("", 1, 5), -1);
    assert_int_equal(text_parse_int(NULL, 1, 5), -1);
    assert_int_equal(text_parse_int("99999999999999999999", 1, 2147483647), -1);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decode_encode), cmocka_unit_test(test_width),
        cmocka_unit_test(test_fit_truncate),  cmocka_unit_test(test_wrap),
        cmocka_unit_test(test_vn_table),      cmocka_unit_test(test_nfc),
        cmocka_unit_test(test_parse_int),     cmocka_unit_test(test_lower),
        cmocka_unit_test(test_fold),          cmocka_unit_test(test_nfd_equals_nfc),
        cmocka_unit_test(test_nfc_fast_path),
    };

    setlocale(LC_ALL, "C.UTF-8");
    return cmocka_run_group_tests(tests, NULL, NULL);
}
