#include <libxml/xmlversion.h>
/* Debian builds libxml2 with ICU, so encoding.h would include the system's <unicode/*.h>, whose
   UErrorCode clashes with Foundation's own ICU module in any Swift file that imports both. Only
   xmlCharEncodingHandler's ICU fields depend on it, and Crescent never touches that struct. */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
