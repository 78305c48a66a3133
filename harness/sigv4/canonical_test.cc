// Canonicalisation rules the suite covers only in part (its cases are in suite_test.cc).
#include "harness/sigv4/canonical.h"

#include <gtest/gtest.h>

namespace kc::sigv4 {
namespace {

TEST(UriEncodeTest, KeepsOnlyTheUnreservedSet) {
  EXPECT_EQ(UriEncode("-._~AZaz09", false), "-._~AZaz09");
  EXPECT_EQ(UriEncode("a b+c=d&e/f%", false), "a%20b%2Bc%3Dd%26e%2Ff%25");
  EXPECT_EQ(UriEncode("a b/c", true), "a%20b/c");
  EXPECT_EQ(UriEncode("\xe1\x88\xb4", false), "%E1%88%B4");
  EXPECT_EQ(UriEncode(std::string("\0\xff", 2), false), "%00%FF");
}

TEST(PercentDecodeTest, DecodesValidEscapesOnly) {
  EXPECT_EQ(PercentDecode("%E1%88%b4"), "\xe1\x88\xb4");
  EXPECT_EQ(PercentDecode("a+b"), "a+b");
  EXPECT_EQ(PercentDecode("%"), "%");
  EXPECT_EQ(PercentDecode("%4"), "%4");
  EXPECT_EQ(PercentDecode("%zz%41"), "%zzA");
  EXPECT_EQ(PercentDecode("100%"), "100%");
}

TEST(NormalizePathTest, RemovesDotSegmentsAndEmptySegments) {
  const std::pair<const char*, const char*> cases[] = {
      {"/", "/"},
      {"", "/"},
      {"//", "/"},
      {"/./", "/"},
      {"/example/..", "/"},
      {"/example1/example2/../..", "/"},
      {"/./example", "/example"},
      {"//example//", "/example/"},
      {"/a/b/../c", "/a/c"},
      {"/a/b/..", "/a/"},
      {"/a/b/.", "/a/b/"},
      {"/../..", "/"},
      {"a/b", "/a/b"},
      {"/a/.../b", "/a/.../b"},
      {"/a/%2E%2E/b", "/a/%2E%2E/b"},  // not decoded: only literal dots are dot segments
  };
  for (const auto& [path, normalized] : cases) EXPECT_EQ(NormalizePath(path), normalized) << path;
}

TEST(CanonicalUriTest, EncodesTheRawPathOnce) {
  EXPECT_EQ(CanonicalUri("/example space/", true), "/example%20space/");
  // Already encoded: encoded again (every service but S3).
  EXPECT_EQ(CanonicalUri("/example%20space/", true), "/example%2520space/");
  EXPECT_EQ(CanonicalUri("//a/./b", false), "//a/./b");
  EXPECT_EQ(CanonicalUri("", false), "/");
}

TEST(CanonicalQueryStringTest, SortsByEncodedKeyThenValue) {
  EXPECT_EQ(CanonicalQueryString(""), "");
  EXPECT_EQ(CanonicalQueryString("b=2&a=1&a=0"), "a=0&a=1&b=2");
  EXPECT_EQ(CanonicalQueryString("Param=Value2&%E1%88%B4=Value1&Param-3=Value3"),
            "%E1%88%B4=Value1&Param=Value2&Param-3=Value3");
  // Upper case sorts before lower case (code points, not case-folded).
  EXPECT_EQ(CanonicalQueryString("a=1&B=2"), "B=2&a=1");
}

TEST(CanonicalQueryStringTest, NormalisesEncodingAndShape) {
  EXPECT_EQ(CanonicalQueryString("flag"), "flag=");
  EXPECT_EQ(CanonicalQueryString("a=&&b"), "a=&b=");
  EXPECT_EQ(CanonicalQueryString("k=a b+c/d"), "k=a%20b%2Bc%2Fd");
  EXPECT_EQ(CanonicalQueryString("k=%7e%2d"), "k=~-");  // unreserved escapes are decoded
  EXPECT_EQ(CanonicalQueryString("k=a=b"), "k=a%3Db");
}

TEST(CanonicalQueryStringTest, SkipsTheNamedKey) {
  const std::string_view skip[] = {"X-Amz-Signature", "b"};
  EXPECT_EQ(CanonicalQueryString("X-Amz-Signature=abc&a=1&%62=2", skip), "a=1");
  EXPECT_EQ(CanonicalQueryString("X-Amz-Signature=abc&a=1"), "X-Amz-Signature=abc&a=1");
}

TEST(CanonicalHeaderValueTest, TrimsAndCollapsesWhitespace) {
  const std::pair<const char*, const char*> cases[] = {
      {"", ""},
      {"   ", ""},
      {" value1", "value1"},
      {"\"a   b   c\"", "\"a b c\""},
      {"value1\n  value2\n     value3", "value1 value2 value3"},
      {"\ta \t b\r\n", "a b"},
      {"VALUE1", "VALUE1"},
  };
  for (const auto& [value, canonical] : cases) {
    std::string out;
    AppendCanonicalHeaderValue(out, value);
    EXPECT_EQ(out, canonical) << value;
  }
}

TEST(SignedHeadersTest, LowerCasesSortsAndDeduplicates) {
  HttpRequest request;
  request.headers = {{"X-Amz-Date", "d"},
                     {"Host", "h"},
                     {"My-Header1", "1"},
                     {"my-header1", "2"},
                     {"X-Amz-Security-Token", "t"}};
  EXPECT_EQ(SignedHeadersOf(request), "host;my-header1;x-amz-date;x-amz-security-token");
  EXPECT_EQ(SignedHeadersOf(request, "x-amz-security-token"), "host;my-header1;x-amz-date");
  EXPECT_EQ(SignedHeadersOf(HttpRequest{}), "");
}

TEST(CanonicalHeadersTest, JoinsDuplicatesInOrderAndKeepsMissingNames) {
  HttpRequest request;
  request.headers = {{"Host", "example.amazonaws.com"},
                     {"My-Header1", "value4"},
                     {"MY-HEADER1", " value1 "},
                     {"Unsigned", "x"}};
  EXPECT_EQ(CanonicalHeaders(request, "host;my-header1;x-amz-date"),
            "host:example.amazonaws.com\nmy-header1:value4,value1\nx-amz-date:\n");
  EXPECT_EQ(CanonicalHeaders(request, ""), "");
}

TEST(CanonicalRequestTest, AssemblesTheSixParts) {
  HttpRequest request;
  request.method = "GET";
  request.path = "/a/../b c";
  request.query = "z=1&a=2";
  request.headers = {{"Host", "h"}};
  EXPECT_EQ(CanonicalRequest(request, "host", "HASH", true),
            "GET\n/b%20c\na=2&z=1\nhost:h\n\nhost\nHASH");
  EXPECT_EQ(CanonicalRequest(request, "host", "HASH", false),
            "GET\n/a/../b%20c\na=2&z=1\nhost:h\n\nhost\nHASH");
}

}  // namespace
}  // namespace kc::sigv4
