<?xml version="1.0" encoding="UTF-8"?>
<!--
  The friendly feed page: a browser that opens feed.xml shows the show, its episodes and how to subscribe,
  instead of raw XML. Podcast apps ignore this file. XSLT 1.0 only, and no disable-output-escaping (Firefox
  ignores it), so every value from the feed is shown as text: show notes HTML is never interpreted here.
-->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:atom="http://www.w3.org/2005/Atom"
                xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"
                xmlns:podcast="https://podcastindex.org/namespace/1.0"
                exclude-result-prefixes="atom itunes podcast">
  <xsl:output method="html" encoding="UTF-8" indent="yes" doctype-system="about:legacy-compat"/>

  <!-- podsite's own words: the site build writes each label in the site's language (podsite/i18n.py). -->
  <xsl:variable name="dir">ltr</xsl:variable>
  <xsl:variable name="label-feed">(podcast feed)</xsl:variable>
  <xsl:variable name="label-website">Visit the website</xsl:variable>
  <xsl:variable name="label-notice">This is a podcast feed</xsl:variable>
  <xsl:variable name="label-how">Podcast apps read this page to follow the show. To subscribe, open the show in your app, or copy this address into your app's "add by URL" (or "add podcast") screen:</xsl:variable>
  <xsl:variable name="label-address">Feed address</xsl:variable>
  <xsl:variable name="label-episodes">Episodes</xsl:variable>
  <xsl:variable name="label-season">Season {number}</xsl:variable>
  <xsl:variable name="label-episode">Episode {number}</xsl:variable>

  <xsl:variable name="feed" select="/rss/channel/atom:link[@rel='self']/@href"/>
  <xsl:variable name="bare" select="substring-after($feed, '://')"/>

  <xsl:template match="/">
    <html lang="{/rss/channel/language}" dir="{$dir}">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="robots" content="noindex"/>
        <title><xsl:value-of select="/rss/channel/title"/><xsl:text> </xsl:text><xsl:value-of select="$label-feed"/></title>
        <style>
          :root { color-scheme: light dark; --accent: #c2410c; }
          body { font: 16px/1.5 system-ui, sans-serif; max-width: 46rem; margin: 0 auto; padding: 1rem; }
          header { display: flex; gap: 1.25rem; align-items: flex-start; flex-wrap: wrap; }
          header img { width: 10rem; height: 10rem; border-radius: .5rem; object-fit: cover; }
          header div { flex: 1 1 18rem; }
          h1 { margin: 0 0 .5rem; font-size: 1.8rem; }
          .notice { border-inline-start: 4px solid var(--accent); padding: .5rem 1rem; margin: 1.5rem 0;
                    background: color-mix(in srgb, var(--accent) 8%, transparent); }
          .feed-url { display: block; width: 100%; box-sizing: border-box; font: inherit; padding: .4rem; }
          .apps { display: flex; flex-wrap: wrap; gap: .5rem; list-style: none; padding: 0; }
          .apps a { display: inline-block; padding: .35rem .8rem; border: 1px solid var(--accent);
                    border-radius: 999px; color: var(--accent); text-decoration: none; }
          article { border-top: 1px solid color-mix(in srgb, currentColor 20%, transparent); padding: 1rem 0; }
          article h3 { margin: 0 0 .25rem; }
          .meta { opacity: .75; font-size: .9rem; margin: 0 0 .5rem; }
          audio { width: 100%; }
        </style>
      </head>
      <body>
        <xsl:apply-templates select="/rss/channel"/>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="channel">
    <header>
      <img src="{itunes:image/@href}" alt="{podcast:image/@alt}"/>
      <div>
        <h1 id="show-title"><xsl:value-of select="title"/></h1>
        <p class="meta"><xsl:value-of select="itunes:author"/></p>
        <p id="show-description"><xsl:value-of select="description"/></p>
        <p><a id="website" href="{link}"><xsl:value-of select="$label-website"/></a></p>
      </div>
    </header>

    <section class="notice" id="subscribe">
      <h2><xsl:value-of select="$label-notice"/></h2>
      <p><xsl:value-of select="$label-how"/></p>
      <input class="feed-url" id="feed-url" type="text" readonly="readonly" value="{$feed}" dir="ltr"
             aria-label="{$label-address}" onclick="this.select()"/>
      <ul class="apps">
        <li><a data-app="apple" href="podcast://{$bare}">Apple Podcasts</a></li>
        <li><a data-app="overcast" href="overcast://x-callback-url/add?url={$feed}">Overcast</a></li>
        <li><a data-app="pocketcasts" href="pktc://subscribe/{$bare}">Pocket Casts</a></li>
        <li><a data-app="antennapod" href="https://antennapod.org/deeplink/subscribe?url={$feed}">AntennaPod</a></li>
        <li><a data-app="podcastaddict" href="podcastaddict://{$bare}">Podcast Addict</a></li>
      </ul>
    </section>

    <section id="episodes">
      <h2><xsl:value-of select="$label-episodes"/></h2>
      <xsl:apply-templates select="item"/>
    </section>
  </xsl:template>

  <xsl:template match="item">
    <article class="episode">
      <h3><a href="{link}"><xsl:value-of select="title"/></a></h3>
      <p class="meta">
        <xsl:if test="itunes:season">
          <xsl:call-template name="numbered">
            <xsl:with-param name="label" select="$label-season"/>
            <xsl:with-param name="number" select="itunes:season"/>
          </xsl:call-template> · </xsl:if>
        <xsl:if test="itunes:episode">
          <xsl:call-template name="numbered">
            <xsl:with-param name="label" select="$label-episode"/>
            <xsl:with-param name="number" select="itunes:episode"/>
          </xsl:call-template> · </xsl:if>
        <xsl:if test="itunes:episodeType != 'full'">
          <xsl:value-of select="itunes:episodeType"/> ·
        </xsl:if>
        <!-- pubDate is RFC 2822, "Wed, 12 Jun 2024 09:00:00 -0700": the day, month and year are its 2nd to
             4th words, which read well as they are. -->
        <span class="date"><xsl:value-of select="substring(pubDate, 6, 11)"/></span>
        <xsl:if test="itunes:duration"> · <span class="duration"><xsl:call-template name="duration">
          <xsl:with-param name="seconds" select="number(itunes:duration)"/>
        </xsl:call-template></span></xsl:if>
      </p>
      <p><xsl:value-of select="description"/></p>
      <audio controls="controls" preload="none" src="{enclosure/@url}"/>
    </article>
  </xsl:template>

  <!-- "Season {number}" with the number in its place. -->
  <xsl:template name="numbered">
    <xsl:param name="label"/>
    <xsl:param name="number"/>
    <xsl:value-of select="concat(substring-before($label, '{number}'), $number, substring-after($label, '{number}'))"/>
  </xsl:template>

  <!-- 3723 seconds as 1:02:03, and 2530 as 42:10. -->
  <xsl:template name="duration">
    <xsl:param name="seconds"/>
    <xsl:variable name="h" select="floor($seconds div 3600)"/>
    <xsl:variable name="m" select="floor(($seconds mod 3600) div 60)"/>
    <xsl:variable name="s" select="$seconds mod 60"/>
    <xsl:choose>
      <xsl:when test="$h &gt; 0"><xsl:value-of select="concat($h, ':', format-number($m, '00'))"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$m"/></xsl:otherwise>
    </xsl:choose>
    <xsl:value-of select="concat(':', format-number($s, '00'))"/>
  </xsl:template>
</xsl:stylesheet>
