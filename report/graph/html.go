package graph

import (
	"bufio"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"strings"

	"github.com/vpcheck/vpcheck/report/graph/layout"
)

// ToLayout maps the graph to what package layout places: the same IDs,
// kinds and labels, the path's hops and blocking codes; an edge carrying a
// reach answer's packets takes the kind "carries".
func ToLayout(g *Graph) *layout.Graph {
	lg := &layout.Graph{
		Clusters: make([]layout.Cluster, len(g.Clusters)),
		Nodes:    make([]layout.Node, len(g.Nodes)),
		Edges:    make([]layout.Edge, len(g.Edges)),
	}
	for i, c := range g.Clusters {
		lg.Clusters[i] = layout.Cluster{ID: c.ID, Label: c.Label, Kind: c.Kind, Parent: c.Parent, Block: c.Block}
	}
	for i, n := range g.Nodes {
		lg.Nodes[i] = layout.Node{ID: n.ID, Label: n.Label, Kind: n.Kind, Cluster: n.Cluster, Block: n.Block}
	}
	for i, e := range g.Edges {
		kind := e.Kind
		if e.Carries && len(e.Hops) == 0 {
			kind = kindCarries
		}
		lg.Edges[i] = layout.Edge{ID: e.ID, From: e.From, To: e.To, Label: e.Label, Kind: kind, Hops: e.Hops, Block: e.Block}
	}
	return lg
}

// WriteSVG lays the graph out and writes it as one SVG element.
func WriteSVG(w io.Writer, g *Graph) error {
	l, err := layout.Compute(ToLayout(g), layout.Options{})
	if err != nil {
		return fmt.Errorf("graph layout: %w", err)
	}
	return l.WriteSVG(w, layout.SVGOptions{Kinds: layoutStyles()})
}

// pageCSS and pageJS are the page's own style and behaviour: the picture
// on the left, the path, findings and the selected object's details on the
// right; clicking an object (or a finding) selects it, as does a link to
// page.html#sel=ID. Nothing is fetched.
const pageCSS = `body{margin:0;font-family:-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;font-size:13px;color:#1f2328;display:flex;height:100vh}
#picture{flex:1;overflow:auto;padding:8px;background:#fafbfc;position:relative}
#picture.fit svg.vpgraph{max-width:100%;max-height:calc(100vh - 48px);width:auto;height:auto}
#zoom{display:block;position:sticky;top:0;left:0;z-index:1;font:inherit;margin-bottom:4px}
#side{width:340px;overflow:auto;border-left:1px solid #d0d7de;padding:10px 14px;background:#fff}
h1{font-size:15px;margin:4px 0 8px}h2{font-size:13px;margin:14px 0 6px;text-transform:uppercase;color:#57606a}
ul{padding-left:16px;margin:4px 0}li{margin:3px 0}
.finding{cursor:pointer}.finding:hover{text-decoration:underline}
.sev-error{color:#cf222e}.sev-warning{color:#9a6700}.sev-notice{color:#0969da}
.code{font-family:ui-monospace,Menlo,monospace;font-size:12px}
table{border-collapse:collapse;width:100%}td{border-top:1px solid #eaeef2;padding:2px 4px;vertical-align:top;word-break:break-word}
td.k{color:#57606a;white-space:nowrap}
.vpgraph [data-id]{cursor:pointer}
.vpgraph .sel>rect{stroke:#bf3989!important;stroke-width:3!important}
.vpgraph .edge.sel>path{stroke:#bf3989!important;stroke-width:3!important}
`

const pageJS = `(function(){
var data=JSON.parse(document.getElementById('vp-data').textContent);
var info=document.getElementById('details');
function esc(s){return String(s).replace(/[&<>"']/g,function(c){return '&#'+c.charCodeAt(0)+';';});}
function select(id){
  var old=document.querySelectorAll('.vpgraph .sel');
  for(var i=0;i<old.length;i++){old[i].classList.remove('sel');}
  var d=data[id];
  if(!d){info.innerHTML='<p>'+esc(id)+' is not drawn here.</p>';return;}
  var els=document.querySelectorAll('.vpgraph g[data-id]');
  for(var j=0;j<els.length;j++){if(els[j].getAttribute('data-id')===id&&!els[j].classList.contains('label')){els[j].classList.add('sel');if(els[j].scrollIntoView){els[j].scrollIntoView({block:'center',inline:'center'});}}}
  var h='<h1>'+esc(d.label)+'</h1><table>';
  for(var k=0;k<d.details.length;k++){h+='<tr><td class="k">'+esc(d.details[k][0])+'</td><td>'+esc(d.details[k][1])+'</td></tr>';}
  info.innerHTML=h+'</table>';
}
var pic=document.getElementById('picture');
document.getElementById('zoom').addEventListener('click',function(){pic.classList.toggle('fit');this.textContent=pic.classList.contains('fit')?'actual size':'fit to window';});
document.querySelector('.vpgraph').addEventListener('click',function(ev){
  var t=ev.target;
  while(t&&t.getAttribute&&!t.getAttribute('data-id')){t=t.parentNode;}
  if(t&&t.getAttribute){select(t.getAttribute('data-id'));}
});
var drawn=0,ns=document.querySelectorAll('.vpgraph g.node');
for(var n=0;n<ns.length;n++){var bb=ns[n].getBBox();if(bb.width>0&&bb.height>0){drawn++;}}
document.body.setAttribute('data-nodes-drawn',String(drawn));
var fs=document.querySelectorAll('.finding[data-element]');
for(var f=0;f<fs.length;f++){fs[f].addEventListener('click',function(){select(this.getAttribute('data-element'));});}
if(location.hash.indexOf('#sel=')===0){select(decodeURIComponent(location.hash.slice(5)));}
})();
`

// WriteHTML writes one self-contained page: the graph as inline SVG laid
// out by package layout, the drawn path, the lint findings beside it, and
// each object's details on click. It fetches nothing: no CDN, no fonts, no
// scripts from elsewhere.
func (g *Graph) WriteHTML(w io.Writer, title string) error {
	l, err := layout.Compute(ToLayout(g), layout.Options{})
	if err != nil {
		return fmt.Errorf("graph layout: %w", err)
	}
	bw := bufio.NewWriter(w)
	esc := html.EscapeString
	fmt.Fprintf(bw, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>%s</title>\n", esc(title))
	fmt.Fprintf(bw, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n")
	fmt.Fprintf(bw, "<style>\n%s</style>\n</head>\n<body>\n<div id=\"picture\" class=\"fit\">\n<button id=\"zoom\" type=\"button\">actual size</button>\n", pageCSS)
	if err := l.WriteSVG(bw, layout.SVGOptions{Kinds: layoutStyles()}); err != nil {
		return err
	}
	fmt.Fprintf(bw, "</div>\n<div id=\"side\">\n<h1>%s</h1>\n", esc(title))
	fmt.Fprintf(bw, "<p>%d clusters, %d nodes, %d edges (%s layout)</p>\n", len(g.Clusters), len(g.Nodes), len(g.Edges), l.Method)
	if p := g.Path; p != nil {
		writePathHTML(bw, p)
	}
	fmt.Fprintf(bw, "<h2>Findings (%d)</h2>\n", len(g.Findings))
	if len(g.Findings) == 0 {
		fmt.Fprintf(bw, "<p>none</p>\n")
	} else {
		fmt.Fprintf(bw, "<ul id=\"findings\">\n")
		for _, f := range g.Findings {
			attr := ""
			if f.Element != "" {
				attr = fmt.Sprintf(" data-element=\"%s\"", esc(f.Element))
			}
			fmt.Fprintf(bw, "<li class=\"finding sev-%s\"%s><span class=\"code\">%s</span> %s: %s", esc(f.Severity), attr, esc(f.Rule), esc(f.Severity), esc(f.Message))
			if f.Location != "" {
				fmt.Fprintf(bw, " <span class=\"code\">(%s)</span>", esc(f.Location))
			}
			fmt.Fprintf(bw, "</li>\n")
		}
		fmt.Fprintf(bw, "</ul>\n")
	}
	fmt.Fprintf(bw, "<h2>Details</h2>\n<div id=\"details\"><p>Click an object in the picture.</p></div>\n</div>\n")
	data, err := detailsJSON(g)
	if err != nil {
		return err
	}
	// json.Marshal escapes <, > and &, so the document cannot end the
	// script element early.
	fmt.Fprintf(bw, "<script type=\"application/json\" id=\"vp-data\">%s</script>\n", data)
	fmt.Fprintf(bw, "<script>\n%s</script>\n</body>\n</html>\n", pageJS)
	return bw.Flush()
}

func writePathHTML(w io.Writer, p *Path) {
	esc := html.EscapeString
	fmt.Fprintf(w, "<h2>%s %s → %s</h2>\n<p><b>%s</b>", esc(p.Kind), esc(p.From), esc(p.To), esc(p.Verdict))
	if p.Code != "" && p.Code != p.Verdict {
		fmt.Fprintf(w, " <span class=\"code\">%s</span>", esc(p.Code))
	}
	if p.Packet != "" {
		fmt.Fprintf(w, "<br><span class=\"code\">%s</span>", esc(p.Packet))
	}
	if p.Message != "" {
		fmt.Fprintf(w, "<br>%s", esc(p.Message))
	}
	if p.Return != "" {
		fmt.Fprintf(w, "<br>return: <b>%s</b>", esc(p.Return))
		if p.ReturnCode != "" && p.ReturnCode != p.Return {
			fmt.Fprintf(w, " <span class=\"code\">%s</span>", esc(p.ReturnCode))
		}
	}
	fmt.Fprintf(w, "</p>\n")
	if len(p.Steps) > 0 {
		fmt.Fprintf(w, "<ol class=\"code\">\n")
		for _, s := range p.Steps {
			dir := ""
			if s.Return {
				dir = " (reply)"
			}
			blk := ""
			if s.Block != "" {
				blk = " × " + s.Block
			}
			fmt.Fprintf(w, "<li>%s → %s%s%s</li>\n", esc(s.From), esc(s.To), dir, esc(blk))
		}
		fmt.Fprintf(w, "</ol>\n")
	}
	if len(p.Flows) > 0 {
		fmt.Fprintf(w, "<ul class=\"code\">\n")
		for _, f := range p.Flows {
			fmt.Fprintf(w, "<li>%s</li>\n", esc(f))
		}
		fmt.Fprintf(w, "</ul>\n")
	}
	for _, b := range p.Blocked {
		fmt.Fprintf(w, "<p class=\"sev-error\"><span class=\"code\">%s</span> %s %s", esc(b.Code), esc(b.Component), esc(b.Message))
		if b.Location != "" {
			fmt.Fprintf(w, " <span class=\"code\">(%s)</span>", esc(b.Location))
		}
		fmt.Fprintf(w, "</p>\n")
	}
}

// detailsJSON is what the page shows on click: per element ID, its label
// and details as [key, value] pairs, in a JSON object whose keys
// encoding/json sorts.
func detailsJSON(g *Graph) ([]byte, error) {
	type entry struct {
		Label   string      `json:"label"`
		Details [][2]string `json:"details"`
	}
	m := map[string]entry{}
	put := func(id string, label []string, ds []Detail, block string) {
		e := entry{Label: strings.Join(label, " · "), Details: [][2]string{{"id", id}}}
		for _, d := range ds {
			e.Details = append(e.Details, [2]string{d.Key, d.Value})
		}
		if block != "" {
			e.Details = append(e.Details, [2]string{"blocked", block})
		}
		m[id] = e
	}
	for _, c := range g.Clusters {
		put(c.ID, c.Label, c.Details, c.Block)
	}
	for _, n := range g.Nodes {
		put(n.ID, n.Label, n.Details, n.Block)
	}
	for _, e := range g.Edges {
		ds := []Detail{{"kind", e.Kind}, {"from", e.From}, {"to", e.To}}
		for _, l := range e.Label {
			ds = append(ds, Detail{"label", l})
		}
		if len(e.Hops) > 0 {
			ds = append(ds, Detail{"hops", joinInts(e.Hops, ", ")})
		}
		if e.Carries {
			ds = append(ds, Detail{"carries", "allowed packets cross it"})
		}
		put(e.ID, []string{e.Kind + " " + e.From + " → " + e.To}, ds, e.Block)
	}
	return json.Marshal(m)
}
